import ArgumentParser
import SpoolApp

/// `spool webhooks test ID`.
struct WebhooksTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Send a signed test message now and print what the endpoint answered.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The subscription's id (wh_…).")
    var id: String

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let delivery = try await client.testWebhook(id)
            if json {
                try CommandOutput.printJSON(delivery)
                return
            }
            let status = delivery.lastStatus.map { "HTTP \($0)" } ?? (delivery.lastError ?? "no answer")
            CommandOutput.print(["\(delivery.state): \(status) (webhook-id \(delivery.id))"])
            if delivery.state != "delivered" { throw ExitCode(1) }
        }
    }
}
