import Foundation
import SpoolCore

/// The event envelope `{id, jobId, type, timestamp, payload}` sent over REST, WebSocket and SSE.
///
/// `id` orders durable events and lets a client resume; progress events carry the id of the latest
/// durable event before them (or 0) and are never replayed.
public struct EventDTO: Sendable, Codable, Hashable {
    /// Position in the durable event log.
    public var id: Int64
    /// The job the event is about; `null` for system notifications.
    public var jobId: JobID?
    /// Kind of event.
    public var type: EventType
    /// When it happened.
    public var timestamp: Date
    /// Kind-specific body.
    public var payload: JSONValue

    /// The API view of an event.
    public init(_ event: JobEvent) {
        id = event.id
        jobId = event.jobId
        type = event.type
        timestamp = event.timestamp
        payload = event.payload
    }

    /// The core event.
    public var event: JobEvent {
        JobEvent(id: id, jobId: jobId, type: type, timestamp: timestamp, payload: payload)
    }

    /// Encodes every member, a missing job id as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(jobId, forKey: .jobId)
        try container.encode(type, forKey: .type)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(payload, forKey: .payload)
    }
}
