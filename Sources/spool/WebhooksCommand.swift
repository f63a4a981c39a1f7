import ArgumentParser

/// `spool webhooks …`: Standard Webhooks subscriptions, their delivery log and test messages.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "List, add, remove and test webhook subscriptions; show their deliveries.",
        discussion: """
            Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp,
            webhook-signature) with the subscription's whsec_ secret, shown once by `add`.

            Examples:
              spool webhooks add http://192.168.1.20:8123/api/webhook/spool --event job.completed --event job.failed
              spool webhooks ls
              spool webhooks test wh_3f2a…
              spool webhooks deliveries wh_3f2a…
              spool webhooks rm wh_3f2a…
            """,
        subcommands: [WebhooksList.self, WebhooksAdd.self, WebhooksRemove.self, WebhooksTest.self, WebhooksDeliveries.self]
    )
}
