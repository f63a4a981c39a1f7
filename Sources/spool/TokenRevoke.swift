import ArgumentParser
import SpoolApp

/// `spool token revoke ID…`.
struct TokenRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke tokens by id (as `spool token ls` shows).",
        aliases: ["rm"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Token ids.", valueName: "id"))
    var ids: [String]

    func run() async throws {
        try await connection.withClient { client in
            try await CommandOutput.forEach(ids) { id in
                try await client.revokeToken(id: id)
                CommandOutput.print(["\(id)  revoked"])
            }
        }
    }
}
