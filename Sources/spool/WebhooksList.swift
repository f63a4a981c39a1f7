import ArgumentParser
import SpoolApp

/// `spool webhooks ls`.
struct WebhooksList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List webhook subscriptions and their last delivery.", aliases: ["list"])

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/webhooks"))
                return
            }
            let rows = try await client.webhooks().map { hook in
                let last = hook.lastDelivery.map { "\($0.state) \($0.lastStatus.map(String.init) ?? "-") \(HumanFormat.date($0.lastAttemptAt ?? $0.createdAt))" } ?? "-"
                return [hook.id, hook.enabled ? "yes" : "no (\(hook.disabledReason ?? "disabled"))", hook.events?.joined(separator: ",") ?? "all", last, hook.url]
            }
            CommandOutput.print(WebhooksTable.lines(titles: ["ID", "Enabled", "Events", "Last delivery", "URL"], rows: rows))
        }
    }
}

/// Aligned columns, the last one left as it is.
enum WebhooksTable {
    static func lines(titles: [String], rows: [[String]]) -> [String] {
        let widths = titles.indices.map { index in rows.reduce(titles[index].count) { Swift.max($0, TextWidth.of($1[index])) } }
        return ([titles] + rows).map { cells in
            cells.indices.map { $0 == cells.count - 1 ? cells[$0] : TextWidth.pad(cells[$0], to: widths[$0]) }.joined(separator: "  ")
        }
    }
}
