import Foundation
import GRDB
import SpoolCore

/// The embedded ``JobStore``: jobs, media and the durable event log in the SQLite database.
///
/// Every write is one transaction, so a job change and the events describing it are stored
/// together or not at all. Dates are stored as unix seconds; what a write returns equals what a
/// later read returns.
public struct SQLiteJobStore: JobStore {
    let database: SQLiteDatabase

    /// Creates a store over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Inserts a new job at the end of the queue (position = highest + 1) with its events; its
    /// number is the last one given plus one (`job_numbers`).
    ///
    /// - Throws: `SpoolError(.conflict)` when a job with the same id exists.
    public func insert(_ job: Job, events: [JobEvent]) async throws -> (Job, [JobEvent]) {
        try await database.write("add job \(job.id)") { db in
            var job = job
            let highest = try Int64.fetchOne(db, JobRecord.select(max(JobRecord.Columns.queuePosition))) ?? 0
            job.queuePosition = highest + 1
            try db.execute(sql: "UPDATE job_numbers SET last = last + 1 WHERE id = 1")
            job.number = try Int64.fetchOne(db, sql: "SELECT last FROM job_numbers WHERE id = 1")
            try JobRecord(job: job).insert(db)
            try JobTagRecord.replace(jobID: job.id, tags: job.options.tags, db)
            return (job.asStored, try EventRecord.append(events, db))
        }
    }

    /// The job with this id, or nil.
    public func job(_ id: JobID) async throws -> Job? {
        try await database.read("read job \(id)") { db in
            try JobRecord.fetchOne(db, key: id.rawValue)?.job
        }
    }

    /// The job with this number, or nil.
    public func job(number: Int64) async throws -> Job? {
        try await database.read("read job number \(number)") { db in
            try JobRecord.filter(JobRecord.Columns.number == number).fetchOne(db)?.job
        }
    }

    /// Reads, changes and writes the job and appends `body`'s events in one write transaction.
    ///
    /// Only changed columns are written. The id cannot change.
    /// - Throws: `SpoolError(.notFound)` for an unknown id; whatever `body` throws, unchanged,
    ///   after rolling back.
    public func modify(_ id: JobID, _ body: @Sendable (inout Job) throws -> [JobEvent]) async throws -> (Job, [JobEvent]) {
        try await database.write("update job \(id)") { db in
            guard let stored = try JobRecord.fetchOne(db, key: id.rawValue) else {
                throw SpoolError.jobNotFound(id)
            }
            var job = stored.job
            let events: [JobEvent]
            do {
                events = try body(&job)
            } catch {
                throw CallerError(underlying: error)
            }
            job.id = id
            job.number = stored.job.number
            let changed = try JobRecord(job: job).updateChanges(db, from: stored)
            if changed, job.options.tags != stored.job.options.tags {
                try JobTagRecord.replace(jobID: id, tags: job.options.tags, db)
            }
            return (job.asStored, try EventRecord.append(events, db))
        }
    }

    /// Deletes the job, its media and its events, then appends `event` (normally `job_removed`),
    /// all in one transaction.
    ///
    /// - Returns: the stored event with its id, or nil when no such job exists (nothing is written).
    public func delete(_ id: JobID, event: JobEvent) async throws -> JobEvent? {
        try await database.write("delete job \(id)") { db in
            guard try JobRecord.deleteOne(db, key: id.rawValue) else { return nil }
            try EventRecord.filter(EventRecord.Columns.jobID == id.rawValue).deleteAll(db)
            return try EventRecord.append([event], db).first
        }
    }

    /// Number of jobs in each state (states without jobs are absent).
    public func countsByState() async throws -> [JobState: Int] {
        try await database.read("count jobs") { db in
            let rows = try Row.fetchAll(db, JobRecord.select(JobRecord.Columns.state, count(JobRecord.Columns.id)).group(JobRecord.Columns.state))
            var counts: [JobState: Int] = [:]
            for row in rows {
                let name = try row.decode(String.self, atIndex: 0)
                guard let state = JobState(rawValue: name) else {
                    throw CorruptRow(table: "jobs", reason: "unknown state '\(name)'")
                }
                counts[state] = try row.decode(Int.self, atIndex: 1)
            }
            return counts
        }
    }

    /// Every job in one of `states`, in queue order.
    public func jobs(in states: Set<JobState>) async throws -> [Job] {
        guard !states.isEmpty else { return [] }
        return try await database.read("read jobs") { db in
            try JobRecord
                .filter(states.map(\.rawValue).contains(JobRecord.Columns.state))
                .order(JobRecord.Columns.priority.desc, JobRecord.Columns.queuePosition, Column.rowID)
                .fetchAll(db)
                .map(\.job)
        }
    }

    /// Inserts or replaces the job's media row.
    ///
    /// - Throws: `SpoolError(.notFound)` when the job does not exist.
    public func saveMedia(_ media: Media) async throws {
        try await database.write("save media of job \(media.jobID)") { db in
            guard try JobRecord.exists(db, key: media.jobID.rawValue) else {
                throw SpoolError.jobNotFound(media.jobID)
            }
            try MediaRecord(media).upsert(db)
        }
    }

    /// The job's media, or nil.
    public func media(for id: JobID) async throws -> Media? {
        try await database.read("read media of job \(id)") { db in
            try MediaRecord.fetchOne(db, key: id.rawValue)?.media
        }
    }

    /// The media metadata of those of `ids` that have some, in one read.
    public func media(for ids: Set<JobID>) async throws -> [JobID: Media] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read("read media of \(ids.count) jobs") { db in
            let records = try MediaRecord.fetchAll(db, keys: ids.map(\.rawValue))
            return Dictionary(records.map { ($0.media.jobID, $0.media) }, uniquingKeysWith: { $1 })
        }
    }

    /// Checks that the database answers.
    public func ping() async throws {
        try await database.ping()
    }
}
