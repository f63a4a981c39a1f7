import Foundation
import GRDB
import SpoolCore

/// A row of `job_events`, the durable event log.
struct EventRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "job_events"

    /// Column names.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let jobID = Column(CodingKeys.jobID)
        static let type = Column(CodingKeys.type)
        static let level = Column(CodingKeys.level)
    }

    enum CodingKeys: String, CodingKey {
        case id
        case jobID = "job_id"
        case type
        case timestamp
        case level
        case payload
    }

    /// Event id; nil until inserted.
    var id: Int64?
    /// The job, if any.
    var jobID: String?
    /// ``EventType`` raw value.
    var type: String
    /// Unix seconds.
    var timestamp: Double
    /// ``LogLevel`` rank for log events.
    var level: Int?
    /// Payload JSON.
    var payload: String

    /// A record for a new event.
    init(_ event: JobEvent, encoder: JSONEncoder) throws {
        id = nil
        jobID = event.jobId?.rawValue
        type = event.type.rawValue
        timestamp = event.timestamp.timeIntervalSince1970
        level = event.type == .log ? Self.rank(of: event.payload["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)) ?? .info) : nil
        payload = String(decoding: try encoder.encode(event.payload), as: UTF8.self)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The domain event.
    func event(decoder: JSONDecoder) throws -> JobEvent {
        guard let id, let eventType = EventType(rawValue: type) else {
            throw CorruptRow(table: "job_events", reason: "event \(id ?? 0) has unknown type '\(type)'")
        }
        let body: JSONValue
        do {
            body = try decoder.decode(JSONValue.self, from: Data(payload.utf8))
        } catch {
            throw CorruptRow(table: "job_events", reason: "event \(id) has an unreadable payload")
        }
        return JobEvent(id: id, jobId: jobID.map(JobID.init(rawValue:)), type: eventType, timestamp: Date(timeIntervalSince1970: timestamp), payload: body)
    }

    /// Numeric severity stored in `level` (debug 0 … error 3).
    static func rank(of level: LogLevel) -> Int {
        LogLevel.allCases.firstIndex(of: level) ?? 1
    }
}

extension EventRecord {
    /// Stores the durable events among `events` in order and returns every event with its id.
    ///
    /// Progress events are not stored; they come back carrying the id of the latest durable event
    /// before them, as ``JobEvent`` documents.
    static func append(_ events: [JobEvent], _ db: Database) throws -> [JobEvent] {
        guard !events.isEmpty else { return [] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var latest: Int64?
        var stored: [JobEvent] = []
        stored.reserveCapacity(events.count)
        for var event in events {
            if event.type.isDurable {
                var record = try EventRecord(event, encoder: encoder)
                try record.insert(db)
                event.id = record.id ?? 0
                latest = event.id
            } else {
                if latest == nil { latest = try latestID(db) }
                event.id = latest ?? 0
            }
            event.timestamp = event.timestamp.asStored
            stored.append(event)
        }
        return stored
    }

    /// Highest id ever issued (0 when none), including deleted events.
    static func latestID(_ db: Database) throws -> Int64 {
        // sqlite_sequence holds AUTOINCREMENT's high-water mark, which survives deletes.
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [databaseTableName]) ?? 0
    }

    /// Decodes fetched rows into events.
    static func events(_ records: [EventRecord]) throws -> [JobEvent] {
        let decoder = JSONDecoder()
        return try records.map { try $0.event(decoder: decoder) }
    }
}
