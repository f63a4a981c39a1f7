import GRDB
import SpoolCore

extension SQLiteJobStore {
    /// Appends the durable events in one transaction and returns them with their ids; progress
    /// events are not stored and come back with the id of the latest durable event before them.
    public func append(_ events: [JobEvent]) async throws -> [JobEvent] {
        guard !events.isEmpty else { return [] }
        return try await database.write("record events") { db in
            try EventRecord.append(events, db)
        }
    }

    /// Durable events with id greater than `id`, oldest first, at most `limit`; with `jobIDs`,
    /// only events of those jobs.
    public func events(after id: Int64, jobIDs: Set<JobID>?, limit: Int) async throws -> [JobEvent] {
        guard limit > 0, jobIDs.map({ !$0.isEmpty }) ?? true else { return [] }
        return try await database.read("replay events") { db in
            var request = EventRecord.filter(EventRecord.Columns.id > id)
            if let jobIDs {
                request = request.filter(jobIDs.map(\.rawValue).contains(EventRecord.Columns.jobID))
            }
            return try EventRecord.events(request.order(EventRecord.Columns.id).limit(limit).fetchAll(db))
        }
    }

    /// A page of the job's events, oldest first, filtered by type and (for log events) level.
    public func events(for jobID: JobID, query: EventQuery) async throws -> EventPage {
        try await database.read("read events of job \(jobID)") { db in
            var request = EventRecord.filter(EventRecord.Columns.jobID == jobID.rawValue)
            if !query.types.isEmpty {
                request = request.filter(query.types.map(\.rawValue).contains(EventRecord.Columns.type))
            }
            if let minLevel = query.minLevel {
                request = request.filter(EventRecord.Columns.type != EventType.log.rawValue || EventRecord.Columns.level >= EventColumns.rank(of: minLevel))
            }
            let total = try request.fetchCount(db)
            let page = try request
                .order(EventRecord.Columns.id)
                .limit(max(query.limit, 0), offset: max(query.offset, 0))
                .fetchAll(db)
            return EventPage(events: EventRecord.events(page), total: total)
        }
    }

    /// The highest event id issued so far (0 when none); ids are never reused.
    public func latestEventID() async throws -> Int64 {
        try await database.read("read the latest event id") { db in
            try EventRecord.latestID(db)
        }
    }
}
