import Foundation
import PostgresNIO
import SpoolCore

/// Queries on `job_events`, the durable event log, with rows mapped by ``EventColumns``.
enum EventRow {
    /// Key of the transaction-scoped advisory lock that serialises writers of the event log (and
    /// of queue positions): `pg_advisory_xact_lock` on it is held until commit.
    static let logLock: Int64 = 0x5350_4F4F_4C00_0002

    /// The columns an event is read from.
    static let selection = EventColumns.selection.joined(separator: ", ")

    /// Takes the log lock for the rest of the transaction.
    ///
    /// Ids come from a sequence, which hands them out in call order but does not make them
    /// visible in that order: a transaction that drew id 7 may commit after one that drew id 8,
    /// and a reader resuming "after 8" would never see 7. Holding this lock from the first id
    /// drawn until commit makes event-writing transactions commit one at a time in id order.
    static func lockLog(_ connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.query("SELECT pg_advisory_xact_lock(\(logLock))", logger: logger).collect()
    }

    /// Stores the durable events among `events` in order and returns every event with its id;
    /// takes the log lock first when there is anything to store.
    ///
    /// Progress events are not stored; they come back with the id of the latest durable event
    /// before them, as ``JobEvent`` documents.
    static func append(_ events: [JobEvent], _ connection: PostgresConnection, logger: Logger) async throws -> [JobEvent] {
        guard !events.isEmpty else { return [] }
        if events.contains(where: \.type.isDurable) {
            try await lockLog(connection, logger: logger)
        }
        let encoder = EventColumns.makeEncoder()
        var latest: Int64?
        var stored: [JobEvent] = []
        stored.reserveCapacity(events.count)
        for var event in events {
            if event.type.isDurable {
                let insert = try PostgresColumns.insert(into: EventColumns.table, try EventColumns.values(of: event, encoder: encoder), suffix: " RETURNING id")
                let rows = try await connection.query(insert, logger: logger).collect()
                event.id = try rows.first?.decode(Int64.self) ?? 0
                latest = event.id
            } else {
                if latest == nil { latest = try await latestID(connection, logger: logger) }
                event.id = latest ?? 0
            }
            event.timestamp = event.timestamp.asStored
            stored.append(event)
        }
        return stored
    }

    /// Highest committed event id (0 when none).
    ///
    /// Deleting a job deletes its events but always appends a newer `job_removed`, so the maximum
    /// never goes back; the sequence never reissues an id.
    static func latestID(_ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("SELECT COALESCE(MAX(id), 0)::bigint FROM job_events", logger: logger).collect()
        return try rows.first?.decode(Int64.self) ?? 0
    }

    /// Decodes rows selected with ``selection``.
    static func events(_ rows: [PostgresRow]) throws -> [JobEvent] {
        let decoder = JSONDecoder()
        return try rows.map { try EventColumns.event(from: PostgresColumnReader($0), decoder: decoder) }
    }
}
