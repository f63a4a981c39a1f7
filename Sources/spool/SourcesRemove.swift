import ArgumentParser
import SpoolApp

/// `spool sources rm ID`: stops following a source.
struct SourcesRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Stop following a source; keeps its downloaded files unless --delete-files.",
        discussion: """
            Examples:
              spool sources rm 1
              spool sources rm News --delete-files
            """,
        aliases: ["remove"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Source id or name.", valueName: "id"))
    var id: String

    @Flag(help: "Also delete the source's downloads (files and jobs).")
    var deleteFiles = false

    @Flag(help: "Print JSON: {sourceId, removed, deleteFiles}.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let sourceID = try await client.resolveSourceID(id)
            try await client.deleteSource(sourceID, deleteFiles: deleteFiles)
            if json {
                try CommandOutput.printJSON(Removal(sourceId: sourceID, removed: true, deleteFiles: deleteFiles))
            } else {
                CommandOutput.print(["Source \(sourceID) removed\(deleteFiles ? " with its files" : "")"])
            }
        }
    }

    /// The `--json` body.
    private struct Removal: Encodable {
        var sourceId: Int64
        var removed: Bool
        var deleteFiles: Bool
    }
}
