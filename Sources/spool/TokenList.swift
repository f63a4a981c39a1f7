import ArgumentParser
import SpoolApp

/// `spool token ls`.
struct TokenList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List your tokens (sessions and API tokens; never their secrets).",
        aliases: ["list"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/tokens"))
                return
            }
            let tokens = try await client.tokens()
            let rows = tokens.map { token in
                [token.id, token.kind.rawValue, HumanFormat.date(token.createdAt), token.expiresAt.map { HumanFormat.date($0) } ?? "never",
                 HumanFormat.date(token.lastUsedAt), token.name]
            }
            let titles = ["ID", "Kind", "Created", "Expires", "Last used", "Name"]
            let widths = titles.indices.map { index in rows.reduce(titles[index].count) { Swift.max($0, TextWidth.of($1[index])) } }
            let lines = ([titles] + rows).map { cells in
                cells.indices.map { $0 == cells.count - 1 ? cells[$0] : TextWidth.pad(cells[$0], to: widths[$0]) }.joined(separator: "  ")
            }
            CommandOutput.print(lines)
        }
    }
}
