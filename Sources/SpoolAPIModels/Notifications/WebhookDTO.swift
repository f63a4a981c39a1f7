import Foundation
import SpoolCore

/// A webhook subscription as the API shows it: never its secret (only ``CreateWebhookResponse``
/// carries that, once). Every member is always present, nil as `null`.
public struct WebhookDTO: Sendable, Codable, Hashable {
    /// `wh_…`.
    public var id: String
    /// The endpoint.
    public var url: String
    /// The events sent; `null` for every event.
    public var events: [String]?
    /// Only these sources; `null` for any.
    public var sourceIds: [Int64]?
    /// Only these jobs; `null` for any.
    public var jobIds: [String]?
    /// Whether deliveries are made.
    public var enabled: Bool
    /// Why it was disabled.
    public var disabledReason: String?
    /// A description.
    public var description: String?
    /// When it was created.
    public var createdAt: Date
    /// The latest delivery's state, status and time, if any.
    public var lastDelivery: WebhookDeliveryDTO?

    /// The API view of a subscription.
    public init(_ subscription: WebhookSubscription, lastDelivery: WebhookDelivery? = nil) {
        id = subscription.id
        url = subscription.url
        events = subscription.events.map { $0.map(\.rawValue).sorted() }
        sourceIds = subscription.sourceIDs
        jobIds = subscription.jobIDs?.map(\.rawValue)
        enabled = subscription.enabled
        disabledReason = subscription.disabledReason
        description = subscription.description
        createdAt = subscription.createdAt
        self.lastDelivery = lastDelivery.map(WebhookDeliveryDTO.init)
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(events, forKey: .events)
        try c.encode(sourceIds, forKey: .sourceIds)
        try c.encode(jobIds, forKey: .jobIds)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(disabledReason, forKey: .disabledReason)
        try c.encode(description, forKey: .description)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(lastDelivery, forKey: .lastDelivery)
    }

    private enum CodingKeys: String, CodingKey {
        case id, url, events, sourceIds, jobIds, enabled, disabledReason, description, createdAt, lastDelivery
    }
}
