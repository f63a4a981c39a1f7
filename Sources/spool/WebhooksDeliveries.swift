import ArgumentParser
import SpoolApp

/// `spool webhooks deliveries ID`.
struct WebhooksDeliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliveries", abstract: "Show a subscription's delivery log, newest first.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The subscription's id (wh_…).")
    var id: String

    @Option(help: "How many deliveries to show (1–500).")
    var limit = 20

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/webhooks/\(id)/deliveries", query: [("limit", String(limit))]))
                return
            }
            let rows = try await client.webhookDeliveries(id, limit: limit).map { delivery in
                [delivery.id, delivery.type, delivery.state, String(delivery.attempts), delivery.lastStatus.map(String.init) ?? "-",
                 HumanFormat.date(delivery.lastAttemptAt), delivery.lastError ?? ""]
            }
            CommandOutput.print(WebhooksTable.lines(titles: ["Webhook-id", "Type", "State", "Attempts", "Status", "Last attempt", "Error"], rows: rows))
        }
    }
}
