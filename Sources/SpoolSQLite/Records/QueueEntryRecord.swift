import Foundation
import GRDB
import SpoolQueue

/// A row of `queue_entries`: a task's place in one queue and its current lease, if any.
///
/// The key lives in the `job_id` column (named when only jobs were queued; a job's key is its id).
struct QueueEntryRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "queue_entries"

    enum CodingKeys: String, CodingKey {
        case queue
        case key = "job_id"
        case payload
        case priority, position, attempts
        case notBefore = "not_before"
        case forced
        case leaseToken = "lease_token"
        case leaseWorker = "lease_worker"
        case leaseExpiresAt = "lease_expires_at"
        case lastError = "last_error"
        case enqueuedAt = "enqueued_at"
    }

    /// Column names.
    enum Columns {
        static let queue = Column(CodingKeys.queue)
        static let key = Column(CodingKeys.key)
        static let priority = Column(CodingKeys.priority)
        static let position = Column(CodingKeys.position)
        static let notBefore = Column(CodingKeys.notBefore)
        static let forced = Column(CodingKeys.forced)
        static let leaseToken = Column(CodingKeys.leaseToken)
        static let leaseWorker = Column(CodingKeys.leaseWorker)
        static let leaseExpiresAt = Column(CodingKeys.leaseExpiresAt)
    }

    var queue: String
    var key: String
    var payload: Data?
    var priority: Int
    var position: Int64
    var attempts: Int
    /// Unix seconds.
    var notBefore: Double?
    var forced: Bool
    var leaseToken: String?
    var leaseWorker: String?
    /// Unix seconds.
    var leaseExpiresAt: Double?
    var lastError: String?
    /// Unix seconds.
    var enqueuedAt: Double

    /// A fresh, unleased entry.
    init(_ entry: QueueEntry, enqueuedAt: Date) {
        queue = entry.queue.rawValue
        key = entry.key.rawValue
        payload = entry.payload
        priority = entry.priority
        position = entry.position
        attempts = entry.attempts
        notBefore = entry.notBefore?.timeIntervalSince1970
        forced = entry.forced
        self.enqueuedAt = enqueuedAt.timeIntervalSince1970
    }

    /// The domain value.
    var entry: QueueEntry {
        QueueEntry(
            queue: QueueName(rawValue: queue),
            key: TaskKey(rawValue: key),
            payload: payload,
            priority: priority,
            position: position,
            attempts: attempts,
            notBefore: notBefore.map(Date.init(timeIntervalSince1970:)),
            forced: forced
        )
    }

    /// The row's primary key.
    static func key(_ queue: QueueName, _ key: TaskKey) -> [String: any DatabaseValueConvertible] {
        ["queue": queue.rawValue, "job_id": key.rawValue]
    }

    /// Entries of `queue`, in ``QueueOrder/claimOrder(_:_:)`` order (index `queue_entries_by_claim_order`).
    static func inClaimOrder(_ queue: QueueName) -> QueryInterfaceRequest<QueueEntryRecord> {
        filter(Columns.queue == queue.rawValue)
            .order(Columns.forced.desc, Columns.priority.desc, Columns.position, Columns.key)
    }

    /// Entries whose lease, if any, has run out at `now`.
    static func unleased(at now: Double) -> SQLExpression {
        Columns.leaseExpiresAt == nil || Columns.leaseExpiresAt <= now
    }
}
