import ArgumentParser
import SpoolApp

/// `spool webhooks rm ID`.
struct WebhooksRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a webhook subscription and its delivery log.", aliases: ["remove"])

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The subscription's id (wh_…).")
    var id: String

    func run() async throws {
        try await connection.withClient { client in
            try await client.deleteWebhook(id)
            Terminal.writeError("Deleted webhook \(id)\n")
        }
    }
}
