import Foundation
import SpoolCore

/// The wire form of a ``JobEvent`` on the Redis channels: the API's event envelope
/// `{id, jobId, type, timestamp, payload}` (keys sorted, `jobId` `null` for system events,
/// `timestamp` ISO 8601 in UTC with milliseconds), so any consumer of the seed's channels reads
/// the same JSON as a WebSocket client.
public enum RedisEventCodec {
    private struct Envelope: Codable {
        var id: Int64
        var jobId: JobID?
        var type: EventType
        var timestamp: String
        var payload: JSONValue

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(jobId, forKey: .jobId)
            try container.encode(type, forKey: .type)
            try container.encode(timestamp, forKey: .timestamp)
            try container.encode(payload, forKey: .payload)
        }
    }

    private static let withFractions = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFractions = Date.ISO8601FormatStyle()

    /// The JSON text of `event`.
    public static func encode(_ event: JobEvent) throws -> String {
        let envelope = Envelope(id: event.id, jobId: event.jobId, type: event.type, timestamp: withFractions.format(event.timestamp), payload: event.payload)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(envelope), as: UTF8.self)
    }

    /// The event in `text`.
    ///
    /// - Throws: `SpoolError(.malformedJSON)` for anything but an envelope.
    public static func decode(_ text: String) throws -> JobEvent {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(text.utf8))
        } catch {
            throw SpoolError(.malformedJSON, "not an event envelope: \(error)")
        }
        guard let timestamp = (try? withFractions.parse(envelope.timestamp)) ?? (try? withoutFractions.parse(envelope.timestamp)) else {
            throw SpoolError(.malformedJSON, "not an ISO 8601 timestamp: \(envelope.timestamp)")
        }
        return JobEvent(id: envelope.id, jobId: envelope.jobId, type: envelope.type, timestamp: timestamp, payload: envelope.payload)
    }
}
