import Foundation
import SpoolCore

/// `GET /api/webhooks`.
public struct WebhookListResponse: Sendable, Codable, Hashable {
    /// Every subscription, oldest first.
    public var webhooks: [WebhookDTO]

    /// Creates a list.
    public init(webhooks: [WebhookDTO]) {
        self.webhooks = webhooks
    }
}
