import PostgresNIO
import SpoolCore

extension PostgresJobStore {
    /// Appends the durable events in one transaction and returns them with their ids; progress
    /// events are not stored and come back with the id of the latest durable event before them.
    public func append(_ events: [JobEvent]) async throws -> [JobEvent] {
        guard !events.isEmpty else { return [] }
        return try await database.transaction("record events") { connection in
            try await EventRow.append(events, connection, logger: logger)
        }
    }

    /// Durable events with id greater than `id`, oldest first, at most `limit`; with `jobIDs`,
    /// only events of those jobs.
    public func events(after id: Int64, jobIDs: Set<JobID>?, limit: Int) async throws -> [JobEvent] {
        guard limit > 0, jobIDs.map({ !$0.isEmpty }) ?? true else { return [] }
        return try await database.read("replay events") { connection in
            let query: PostgresQuery = if let jobIDs {
                """
                SELECT \(unescaped: EventRow.selection) FROM job_events
                WHERE id > \(id) AND job_id = ANY(\(jobIDs.map(\.rawValue))) ORDER BY id LIMIT \(limit)
                """
            } else {
                "SELECT \(unescaped: EventRow.selection) FROM job_events WHERE id > \(id) ORDER BY id LIMIT \(limit)"
            }
            return try EventRow.events(try await connection.query(query, logger: logger).collect())
        }
    }

    /// A page of the job's events, oldest first, filtered by type and (for log events) level.
    public func events(for jobID: JobID, query: EventQuery) async throws -> EventPage {
        var filter = "job_id = $1"
        var bindings = PostgresBindings()
        bindings.append(jobID.rawValue)
        if !query.types.isEmpty {
            bindings.append(query.types.map(\.rawValue))
            filter += " AND type = ANY($\(bindings.count))"
        }
        if let minLevel = query.minLevel {
            bindings.append(EventType.log.rawValue)
            bindings.append(EventColumns.rank(of: minLevel))
            filter += " AND (type <> $\(bindings.count - 1) OR level >= $\(bindings.count))"
        }
        let countQuery = PostgresQuery(unsafeSQL: "SELECT COUNT(*)::bigint FROM job_events WHERE \(filter)", binds: bindings)
        bindings.append(max(query.limit, 0))
        bindings.append(max(query.offset, 0))
        let pageQuery = PostgresQuery(
            unsafeSQL: "SELECT \(EventRow.selection) FROM job_events WHERE \(filter) ORDER BY id LIMIT $\(bindings.count - 1) OFFSET $\(bindings.count)",
            binds: bindings
        )
        return try await database.transaction("read events of job \(jobID)") { connection in
            // One snapshot for the count and the page.
            _ = try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger).collect()
            let total = try await connection.query(countQuery, logger: logger).collect().first?.decode(Int.self) ?? 0
            let events = try EventRow.events(try await connection.query(pageQuery, logger: logger).collect())
            return EventPage(events: events, total: total)
        }
    }

    /// The highest event id committed so far (0 when none); ids are never reused.
    public func latestEventID() async throws -> Int64 {
        try await database.read("read the latest event id") { connection in
            try await EventRow.latestID(connection, logger: logger)
        }
    }
}
