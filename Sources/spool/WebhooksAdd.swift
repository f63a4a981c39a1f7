import ArgumentParser
import SpoolAPIModels
import SpoolApp

/// `spool webhooks add URL`.
struct WebhooksAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Subscribe a URL to events; prints the signing secret once (on standard output)."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The endpoint (http or https).")
    var url: String

    @Option(name: .customLong("event"), help: "An event to send (repeatable; default: every event): job.added, job.started, job.completed, job.failed, job.removed, source.new_media, postprocess.completed, postprocess.failed, storage.uploaded, queue.paused, queue.resumed.")
    var events: [String] = []

    @Option(name: .customLong("source"), help: "Only events about this source id (repeatable).")
    var sources: [Int64] = []

    @Option(help: "A whsec_ secret to use instead of a generated one.")
    var secret: String?

    @Option(help: "A description shown in lists.")
    var description: String?

    @Flag(help: "Print the API's JSON (webhook, secret).")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let created = try await client.createWebhook(CreateWebhookRequest(
                url: url, events: events.isEmpty ? nil : events, sourceIds: sources.isEmpty ? nil : sources, secret: secret, description: description
            ))
            if json {
                try CommandOutput.printJSON(created)
            } else {
                Terminal.writeError("Created webhook \(created.webhook.id); its secret is shown only now:\n")
                CommandOutput.print([created.secret])
            }
        }
    }
}
