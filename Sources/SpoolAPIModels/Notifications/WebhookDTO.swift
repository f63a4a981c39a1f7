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

/// `GET /api/webhooks`.
public struct WebhookListResponse: Sendable, Codable, Hashable {
    /// Every subscription, oldest first.
    public var webhooks: [WebhookDTO]

    /// Creates a list.
    public init(webhooks: [WebhookDTO]) {
        self.webhooks = webhooks
    }
}

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

/// One delivery in the log. Every member is always present, nil as `null`.
public struct WebhookDeliveryDTO: Sendable, Codable, Hashable {
    /// The `webhook-id` (`msg_…`), the same in every attempt.
    public var id: String
    /// The event type (`job.completed`, `test`).
    public var type: String
    /// The durable event it comes from (`null` for a test).
    public var eventId: Int64?
    /// `pending`, `delivered` or `failed`.
    public var state: String
    /// Attempts made.
    public var attempts: Int
    /// The last attempt's HTTP status.
    public var lastStatus: Int?
    /// Why the last attempt failed.
    public var lastError: String?
    /// When the last attempt was made.
    public var lastAttemptAt: Date?
    /// When the next attempt is due.
    public var nextAttemptAt: Date?
    /// When it was created.
    public var createdAt: Date

    /// The API view of a delivery.
    public init(_ delivery: WebhookDelivery) {
        id = delivery.id
        type = delivery.eventType.rawValue
        eventId = delivery.eventID
        state = delivery.state.rawValue
        attempts = delivery.attempts
        lastStatus = delivery.lastStatus
        lastError = delivery.lastError
        lastAttemptAt = delivery.lastAttemptAt
        nextAttemptAt = delivery.nextAttemptAt
        createdAt = delivery.createdAt
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(eventId, forKey: .eventId)
        try c.encode(state, forKey: .state)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(lastStatus, forKey: .lastStatus)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(lastAttemptAt, forKey: .lastAttemptAt)
        try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(createdAt, forKey: .createdAt)
    }

    private enum CodingKeys: String, CodingKey {
        case id, type, eventId, state, attempts, lastStatus, lastError, lastAttemptAt, nextAttemptAt, createdAt
    }
}

/// `GET /api/webhooks/{id}/deliveries`: newest first.
public struct WebhookDeliveryListResponse: Sendable, Codable, Hashable {
    /// The deliveries.
    public var deliveries: [WebhookDeliveryDTO]

    /// Creates a list.
    public init(deliveries: [WebhookDeliveryDTO]) {
        self.deliveries = deliveries
    }
}
