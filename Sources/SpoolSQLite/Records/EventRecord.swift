import Foundation
import GRDB
import SpoolCore

/// A row of `job_events`, the durable event log, as ``EventColumns`` maps it.
struct EventRecord: Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = EventColumns.table

    static var databaseSelection: [any SQLSelectable] { EventColumns.selection.map { Column($0) } }

    /// Column names.
    enum Columns {
        static let id = Column("id")
        static let jobID = Column("job_id")
        static let type = Column("type")
        static let level = Column("level")
    }

    /// The event; its id is 0 until inserted.
    var event: JobEvent

    /// A record for a new event.
    init(_ event: JobEvent) {
        self.event = event
    }

    init(row: Row) throws {
        event = try EventColumns.event(from: SQLiteColumnReader(row: row), decoder: JSONDecoder())
    }

    func encode(to container: inout PersistenceContainer) throws {
        try container.store(try EventColumns.values(of: event, encoder: EventColumns.makeEncoder()))
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        event.id = inserted.rowID
    }
}

extension EventRecord {
    /// Stores the durable events among `events` in order and returns every event with its id.
    ///
    /// Progress events are not stored; they come back carrying the id of the latest durable event
    /// before them, as ``JobEvent`` documents.
    static func append(_ events: [JobEvent], _ db: Database) throws -> [JobEvent] {
        guard !events.isEmpty else { return [] }
        var latest: Int64?
        var stored: [JobEvent] = []
        stored.reserveCapacity(events.count)
        for var event in events {
            if event.type.isDurable {
                var record = EventRecord(event)
                try record.insert(db)
                event.id = record.event.id
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

    /// The domain events of fetched rows.
    static func events(_ records: [EventRecord]) -> [JobEvent] {
        records.map(\.event)
    }
}
