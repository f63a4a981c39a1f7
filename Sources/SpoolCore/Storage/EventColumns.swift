import Foundation

/// How a durable ``JobEvent`` maps to a row of `job_events`, the event log, in every database
/// backend: the payload as JSON text, the timestamp in unix seconds, and for log events the
/// level's rank in `level` (so level filters use a number).
public enum EventColumns {
    /// The table.
    public static let table = "job_events"

    /// The columns an event is read from, in `SELECT` order.
    public static let selection = ["id", "job_id", "type", "timestamp", "payload"]

    /// Every stored column except the database-assigned `id`, with the event's value for it.
    public static func values(of event: JobEvent, encoder: JSONEncoder) throws -> [(column: String, value: ColumnValue)] {
        [
            ("job_id", .text(event.jobId?.rawValue)),
            ("type", .text(event.type.rawValue)),
            ("timestamp", .real(event.timestamp.timeIntervalSince1970)),
            ("level", .integer(event.type == .log ? Int64(rank(of: event.payload["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)) ?? .info)) : nil)),
            ("payload", .text(String(decoding: try encoder.encode(event.payload), as: UTF8.self))),
        ]
    }

    /// An encoder for ``values(of:encoder:)``: sorted keys, so equal payloads store equal text.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// Decodes a row that has the ``selection`` columns.
    ///
    /// - Throws: ``CorruptRow`` for an unknown type or an unreadable payload.
    public static func event(from row: some ColumnReader, decoder: JSONDecoder) throws -> JobEvent {
        let id = try row.integer("id") ?? 0
        let type = try row.text("type") ?? ""
        guard let eventType = EventType(rawValue: type) else {
            throw CorruptRow(table: table, reason: "event \(id) has unknown type '\(type)'")
        }
        let body: JSONValue
        do {
            body = try decoder.decode(JSONValue.self, from: Data((try row.text("payload") ?? "").utf8))
        } catch {
            throw CorruptRow(table: table, reason: "event \(id) has an unreadable payload")
        }
        let timestamp = try row.required(row.real("timestamp"), "timestamp", table: table, row: "event \(id)")
        return JobEvent(
            id: id,
            jobId: try row.text("job_id").map(JobID.init(rawValue:)),
            type: eventType,
            timestamp: Date(timeIntervalSince1970: timestamp),
            payload: body
        )
    }

    /// Numeric severity stored in `level` (debug 0 … error 3).
    public static func rank(of level: LogLevel) -> Int {
        LogLevel.allCases.firstIndex(of: level) ?? 1
    }
}
