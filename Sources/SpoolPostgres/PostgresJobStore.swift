import Foundation
import Logging
import PostgresNIO
import SpoolCore

/// The shared ``JobStore``: jobs, media and the durable event log in PostgreSQL, used by every
/// gateway and worker of a distributed deployment.
///
/// Every write is one transaction, so a job change and the events describing it are stored
/// together or not at all. ``modify(_:_:)`` locks the job's row (`SELECT … FOR NO KEY UPDATE`:
/// exclusive among writers of the row, while foreign-key checks of media rows still pass), so
/// processes changing the same job take turns. Event ids come from a sequence and become visible
/// in id order (see ``EventRow/lockLog(_:logger:)``), so a reader resuming after an id misses
/// nothing.
public struct PostgresJobStore: JobStore {
    let database: PostgresDatabase

    /// Creates a store over a database whose pool is running and whose schema is migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    var logger: Logger { database.logger }

    /// Inserts a new job at the end of the queue (position = highest + 1) with its events; its
    /// number comes from the sequence `job_numbers` (never handed out twice, even on rollback).
    ///
    /// The log lock is taken first, so concurrent inserts from several processes get distinct,
    /// increasing positions.
    /// - Throws: `SpoolError(.conflict)` when a job with the same id exists.
    public func insert(_ job: Job, events: [JobEvent]) async throws -> (Job, [JobEvent]) {
        try await database.transaction("add job \(job.id)") { connection in
            try await EventRow.lockLog(connection, logger: logger)
            let highest = try await connection.query("SELECT COALESCE(MAX(queue_position), 0)::bigint FROM jobs", logger: logger).collect()
            var job = job
            job.queuePosition = (try highest.first?.decode(Int64.self) ?? 0) + 1
            let number = try await connection.query("SELECT nextval('job_numbers')", logger: logger).collect()
            job.number = try number.first?.decode(Int64.self)
            _ = try await connection.query(try JobRow.insert(job), logger: logger).collect()
            return (job.asStored, try await EventRow.append(events, connection, logger: logger))
        }
    }

    /// The job with this id, or nil.
    public func job(_ id: JobID) async throws -> Job? {
        try await database.read("read job \(id)") { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: JobRow.selection) FROM jobs WHERE id = \(id.rawValue)", logger: logger
            ).collect()
            return try rows.first.map(JobRow.job)
        }
    }

    /// The job with this number, or nil.
    public func job(number: Int64) async throws -> Job? {
        try await database.read("read job number \(number)") { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: JobRow.selection) FROM jobs WHERE number = \(number)", logger: logger
            ).collect()
            return try rows.first.map(JobRow.job)
        }
    }

    /// Locks the job's row, changes it with `body` and writes it back with `body`'s events, in one
    /// transaction; another process modifying the same job waits for this one to commit.
    ///
    /// The id cannot change.
    /// - Throws: `SpoolError(.notFound)` for an unknown id; whatever `body` throws, unchanged,
    ///   after rolling back.
    public func modify(_ id: JobID, _ body: @Sendable (inout Job) throws -> [JobEvent]) async throws -> (Job, [JobEvent]) {
        try await database.transaction("update job \(id)") { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: JobRow.selection) FROM jobs WHERE id = \(id.rawValue) FOR NO KEY UPDATE", logger: logger
            ).collect()
            guard let row = rows.first else { throw SpoolError.jobNotFound(id) }
            let stored = try JobRow.job(row)
            var job = stored
            let events: [JobEvent]
            do {
                events = try body(&job)
            } catch {
                throw CallerError(underlying: error)
            }
            job.id = id
            job.number = stored.number
            if job != stored {
                _ = try await connection.query(try JobRow.update(job), logger: logger).collect()
            }
            return (job.asStored, try await EventRow.append(events, connection, logger: logger))
        }
    }

    /// Deletes the job, its media and its events, then appends `event` (normally `job_removed`),
    /// all in one transaction.
    ///
    /// - Returns: the stored event with its id, or nil when no such job exists (nothing is written).
    public func delete(_ id: JobID, event: JobEvent) async throws -> JobEvent? {
        try await database.transaction("delete job \(id)") { connection in
            let deleted = try await connection.query("DELETE FROM jobs WHERE id = \(id.rawValue) RETURNING id", logger: logger).collect()
            guard !deleted.isEmpty else { return nil }
            _ = try await connection.query("DELETE FROM job_events WHERE job_id = \(id.rawValue)", logger: logger).collect()
            return try await EventRow.append([event], connection, logger: logger).first
        }
    }

    /// Number of jobs in each state (states without jobs are absent).
    public func countsByState() async throws -> [JobState: Int] {
        try await database.read("count jobs") { connection in
            let rows = try await connection.query("SELECT state, COUNT(*)::bigint FROM jobs GROUP BY state", logger: logger).collect()
            var counts: [JobState: Int] = [:]
            for row in rows {
                let (name, count) = try row.decode((String, Int).self)
                guard let state = JobState(rawValue: name) else {
                    throw CorruptRow(table: "jobs", reason: "unknown state '\(name)'")
                }
                counts[state] = count
            }
            return counts
        }
    }

    /// Every job in one of `states`, in queue order.
    public func jobs(in states: Set<JobState>) async throws -> [Job] {
        guard !states.isEmpty else { return [] }
        return try await database.read("read jobs") { connection in
            try await connection.query("""
                SELECT \(unescaped: JobRow.selection) FROM jobs WHERE state = ANY(\(states.map(\.rawValue)))
                ORDER BY priority DESC, queue_position, seq
                """, logger: logger)
                .collect()
                .map(JobRow.job)
        }
    }

    /// Checks that the database answers.
    public func ping() async throws {
        try await database.ping()
    }
}
