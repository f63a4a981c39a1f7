import Foundation
import SpoolCore

/// `POST /api/webhooks` (201): the subscription and its secret, shown only this once.
public struct CreateWebhookResponse: Sendable, Codable, Hashable {
    /// The subscription.
    public var webhook: WebhookDTO
    /// `whsec_…`: verify the signatures with it.
    public var secret: String

    /// Creates the response.
    public init(webhook: WebhookDTO, secret: String) {
        self.webhook = webhook
        self.secret = secret
    }
}
