import Foundation
import GRDB
import SpoolQueue

/// The embedded durable ``JobQueueDriver``: queue entries and leases live in the SQLite database,
/// so queued work survives a restart; ``releaseAllLeases()`` at start hands back whatever the
/// previous process held when it stopped.
///
/// Each operation is one write transaction, so concurrent claimers never get the same entry.
/// Times are compared as unix seconds. Idle workers of this process are woken
/// (``waitForWork(in:timeout:)``) when any driver over the same ``SQLiteDatabase`` value
/// enqueues, releases, resumes or recovers entries.
public struct SQLiteQueueDriver: JobQueueDriver, QueueWakeup {
    typealias Columns = QueueEntryRecord.Columns

    let database: SQLiteDatabase
    private var signal: QueueSignal { database.queueSignal }

    /// Creates a driver over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Adds the task to the queue, replacing the key's existing entry (attempts, delay and lease reset).
    @discardableResult
    public func enqueue(_ request: EnqueueRequest) async throws -> QueueEntry {
        let entry = try await database.write("enqueue \(request.key) in \(request.queue)") { db in
            let position = try request.position ?? Self.nextPosition(in: request.queue, db)
            let entry = QueueEntry(
                queue: request.queue, key: request.key, payload: request.payload, priority: request.priority, position: position,
                notBefore: request.notBefore?.asStored, forced: request.forced
            )
            try QueueEntryRecord(entry, enqueuedAt: Date()).upsert(db)
            return entry
        }
        signal.notify(request.queue)
        return entry
    }

    /// Claims the first claimable entry in claim order and leases it for `leaseDuration`.
    public func claim(from queue: QueueName, workerID: String, leaseDuration: Duration, forcedOnly: Bool) async throws -> QueueLease? {
        try await database.write("claim from \(queue)") { db in
            if !forcedOnly, try QueueStateRecord.fetchOne(db, key: queue.rawValue)?.paused == true {
                return nil
            }
            let now = Date().timeIntervalSince1970
            var candidates = QueueEntryRecord.inClaimOrder(queue)
                .filter(QueueEntryRecord.unleased(at: now))
                .filter(Columns.notBefore == nil || Columns.notBefore <= now)
            if forcedOnly {
                candidates = candidates.filter(Columns.forced == true)
            }
            guard var record = try candidates.fetchOne(db) else { return nil }
            let expiresAt = Date(timeIntervalSince1970: now + leaseDuration.timeInterval).asStored
            let token = UUID().uuidString
            record.leaseToken = token
            record.leaseWorker = workerID
            record.leaseExpiresAt = expiresAt.timeIntervalSince1970
            try record.update(db)
            return QueueLease(entry: record.entry, token: token, workerID: workerID, expiresAt: expiresAt)
        }
    }

    /// Extends the lease by `duration` from now.
    ///
    /// - Throws: `QueueError(.leaseLost)` when the entry is gone or leased to someone else.
    public func renew(_ lease: QueueLease, by duration: Duration) async throws -> QueueLease {
        try await database.write("renew the lease on \(lease.entry.key)") { db in
            let expiresAt = Date().addingTimeInterval(duration.timeInterval).asStored
            let updated = try Self.held(lease).updateAll(db, Columns.leaseExpiresAt.set(to: expiresAt.timeIntervalSince1970))
            guard updated > 0 else { throw QueueError.leaseLost(lease.entry) }
            var renewed = lease
            renewed.expiresAt = expiresAt
            return renewed
        }
    }

    /// Removes the entry and counts a completion; a stale lease changes nothing.
    public func complete(_ lease: QueueLease) async throws {
        try await database.write("complete \(lease.entry.key) in \(lease.entry.queue)") { db in
            guard try Self.held(lease).deleteAll(db) > 0 else { return }
            try db.execute(
                sql: "INSERT INTO queue_counters (queue, completed) VALUES (?, 1) ON CONFLICT (queue) DO UPDATE SET completed = completed + 1",
                arguments: [lease.entry.queue.rawValue]
            )
        }
    }

    /// Counts a failed attempt: schedules a retry after `policy`'s backoff, or moves the entry to
    /// the dead letters once it failed more than `policy.maxRetries` times.
    ///
    /// - Throws: `QueueError(.leaseLost)` when the entry is gone or leased to someone else.
    public func fail(_ lease: QueueLease, error: String, policy: RetryPolicy) async throws -> FailureDisposition {
        try await database.write("record a failure of \(lease.entry.key)") { db in
            guard var record = try Self.held(lease).fetchOne(db) else { throw QueueError.leaseLost(lease.entry) }
            let attempts = record.attempts + 1
            let now = Date()
            if attempts > policy.maxRetries {
                try record.delete(db)
                var dead = DeadLetterRecord(
                    id: nil, queue: record.queue, key: record.key, payload: record.payload, priority: record.priority,
                    position: record.position, attempts: attempts, lastError: error, failedAt: now.timeIntervalSince1970
                )
                try dead.insert(db)
                return .deadLettered(attempts: attempts)
            }
            let retryAt = now.addingTimeInterval(policy.delay(forAttempt: attempts).timeInterval).asStored
            record.attempts = attempts
            record.notBefore = retryAt.timeIntervalSince1970
            record.forced = false
            record.lastError = error
            record.clearLease()
            try record.update(db)
            return .retry(at: retryAt, attempt: attempts)
        }
    }

    /// Hands the entry back without counting an attempt, claimable after `delay`; a stale lease
    /// changes nothing.
    public func release(_ lease: QueueLease, delay: Duration) async throws {
        let released = try await database.write("release \(lease.entry.key)") { db in
            guard var record = try Self.held(lease).fetchOne(db) else { return false }
            record.clearLease()
            record.notBefore = delay > .zero ? Date().addingTimeInterval(delay.timeInterval).timeIntervalSince1970 : nil
            try record.update(db)
            return true
        }
        if released { signal.notify(lease.entry.queue) }
    }

    /// Removes the key's entries from `queue`, or from every queue when nil.
    @discardableResult
    public func remove(key: TaskKey, from queue: QueueName?) async throws -> Int {
        try await database.write("dequeue \(key)") { db in
            var request = QueueEntryRecord.filter(Columns.key == key.rawValue)
            if let queue {
                request = request.filter(Columns.queue == queue.rawValue)
            }
            return try request.deleteAll(db)
        }
    }

    /// Moves a pending (unleased) entry among the queue's pending entries (``QueueOrder/plan(_:of:in:)``).
    public func move(key: TaskKey, in queue: QueueName, _ move: EntryMove) async throws -> Int64? {
        try await database.write("move \(key) in \(queue)") { db in
            let now = Date().timeIntervalSince1970
            let pending = try QueueEntryRecord.inClaimOrder(queue)
                .filter(QueueEntryRecord.unleased(at: now))
                .fetchAll(db)
                .map(\.entry)
            guard let plan = QueueOrder.plan(move, of: key, in: pending) else { return nil }
            for (key, position) in plan.assignments {
                try QueueEntryRecord
                    .filter(Columns.queue == queue.rawValue && Columns.key == key.rawValue)
                    .updateAll(db, Columns.position.set(to: position))
            }
            return plan.newPosition
        }
    }

    /// The queue's entries in claim order, leased ones included.
    public func entries(in queue: QueueName) async throws -> [QueueEntry] {
        try await database.read("list \(queue)") { db in
            try QueueEntryRecord.inClaimOrder(queue).fetchAll(db).map(\.entry)
        }
    }

    /// Counts for the queue, taken in one consistent read.
    public func stats(for queue: QueueName) async throws -> QueueStats {
        try await database.read("read stats of \(queue)") { db in
            let now = Date().timeIntervalSince1970
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*),
                       COALESCE(SUM(lease_expires_at > :now), 0),
                       COALESCE(SUM((lease_expires_at IS NULL OR lease_expires_at <= :now) AND not_before > :now), 0)
                FROM queue_entries WHERE queue = :queue
                """, arguments: ["now": now, "queue": queue.rawValue])
            let total = try row?.decode(Int.self, atIndex: 0) ?? 0
            let active = try row?.decode(Int.self, atIndex: 1) ?? 0
            let delayed = try row?.decode(Int.self, atIndex: 2) ?? 0
            return QueueStats(
                pending: total - active - delayed,
                delayed: delayed,
                active: active,
                completed: try QueueCounterRecord.fetchOne(db, key: queue.rawValue)?.completed ?? 0,
                failed: try DeadLetterRecord.filter(DeadLetterRecord.Columns.queue == queue.rawValue).fetchCount(db),
                paused: try QueueStateRecord.fetchOne(db, key: queue.rawValue)?.paused ?? false
            )
        }
    }

    /// Pauses the queue (only forced claims succeed) or resumes it.
    public func setPaused(_ paused: Bool, queue: QueueName) async throws {
        try await database.write("\(paused ? "pause" : "resume") \(queue)") { db in
            try QueueStateRecord(queue: queue.rawValue, paused: paused).upsert(db)
        }
        if !paused { signal.notify(queue) }
    }

    /// Makes every leased entry claimable again; call once at start, before any worker claims.
    public func releaseAllLeases() async throws {
        let queues = try await database.write("release all leases") { db in
            let leased = QueueEntryRecord.filter(Columns.leaseToken != nil)
            let queues = try String.fetchSet(db, leased.select(Columns.queue, as: String.self).distinct())
            try leased.updateAll(db, Columns.leaseToken.set(to: nil), Columns.leaseWorker.set(to: nil), Columns.leaseExpiresAt.set(to: nil))
            return queues
        }
        for queue in queues { signal.notify(QueueName(rawValue: queue)) }
    }

    /// Returns when this driver made something claimable in `queue`, or after `timeout`.
    public func waitForWork(in queue: QueueName, timeout: Duration) async {
        await signal.waitForWork(in: queue, timeout: timeout)
    }

    // MARK: - Helpers

    /// The entry row, if `lease` still holds it.
    private static func held(_ lease: QueueLease) -> QueryInterfaceRequest<QueueEntryRecord> {
        QueueEntryRecord.filter(
            Columns.queue == lease.entry.queue.rawValue
                && Columns.key == lease.entry.key.rawValue
                && Columns.leaseToken == lease.token
        )
    }

    private static func nextPosition(in queue: QueueName, _ db: Database) throws -> Int64 {
        let highest = try Int64.fetchOne(db, QueueEntryRecord.filter(Columns.queue == queue.rawValue).select(max(Columns.position)))
        return (highest ?? 0) + 1
    }
}

extension QueueEntryRecord {
    /// Forgets the lease.
    mutating func clearLease() {
        leaseToken = nil
        leaseWorker = nil
        leaseExpiresAt = nil
    }
}
