import ArgumentParser
import SpoolApp

/// `spool token create NAME`.
struct TokenCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API token; prints its secret once (on standard output).",
        discussion: "Example: export SPOOL_TOKEN=$(spool token create laptop)"
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "A name to recognise the token by.")
    var name: String

    @Flag(help: "Print the API's JSON (id, name, token).")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let created = try await client.createToken(name: name)
            if json {
                try CommandOutput.printJSON(created)
            } else {
                Terminal.writeError("Created token '\(created.name)' (id \(created.id)); its secret is shown only now:\n")
                CommandOutput.print([created.token])
            }
        }
    }
}
