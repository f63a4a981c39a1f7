import ArgumentParser
import SpoolApp

/// `spool rm ID…`.
struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove jobs (a running job is stopped first); keeps downloaded files unless --delete-files.",
        discussion: """
            Examples:
              spool rm 3f2a
              spool rm --delete-files 3f2a 9bc1
            """,
        aliases: ["remove"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job ids or unique prefixes.", valueName: "id"))
    var ids: [String]

    @Flag(help: "Also delete the job's files from the library.")
    var deleteFiles = false

    func run() async throws {
        try await connection.withClient { client in
            let resolved = try await client.resolveJobIDs(ids)
            try await CommandOutput.forEach(resolved) { id in
                try await client.deleteJob(id, deleteFiles: deleteFiles)
                CommandOutput.print(["\(HumanFormat.shortID(id))  removed\(deleteFiles ? " with its files" : "")"])
            }
        }
    }
}
