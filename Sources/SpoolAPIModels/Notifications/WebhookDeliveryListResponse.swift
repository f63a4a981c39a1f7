import Foundation
import SpoolCore

/// `GET /api/webhooks/{id}/deliveries`: newest first.
public struct WebhookDeliveryListResponse: Sendable, Codable, Hashable {
    /// The deliveries.
    public var deliveries: [WebhookDeliveryDTO]

    /// Creates a list.
    public init(deliveries: [WebhookDeliveryDTO]) {
        self.deliveries = deliveries
    }
}
