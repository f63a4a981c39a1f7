import ArgumentParser
import SpoolApp

/// `spool sources ls`: the source table.
struct SourcesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List sources: next check, counts and last error.",
        discussion: "Columns: ID, Name, Enabled, Next check, Listed, New, Queued, Done, Failed, Last error.",
        aliases: ["list"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the API's JSON instead of a table.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/sources"))
                return
            }
            let width = Terminal.stdoutIsTTY ? Terminal.columns : nil
            CommandOutput.print(SourceTable(sources: try await client.sources(), width: width).lines())
        }
    }
}
