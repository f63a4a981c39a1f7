import Foundation
import SpoolCore

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
