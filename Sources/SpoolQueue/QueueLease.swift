import Foundation

/// A claimed entry, held until completed, failed, released or expired.
public struct QueueLease: Sendable, Hashable {
    /// The entry as claimed.
    public var entry: QueueEntry
    /// Unique per claim; a stale lease cannot ack a newer claim.
    public var token: String
    /// Worker holding it.
    public var workerID: String
    /// When the lease runs out unless renewed.
    public var expiresAt: Date

    /// Creates a lease.
    public init(entry: QueueEntry, token: String, workerID: String, expiresAt: Date) {
        self.entry = entry
        self.token = token
        self.workerID = workerID
        self.expiresAt = expiresAt
    }

    /// The entry's key.
    public var key: TaskKey { entry.key }
    /// The entry's payload.
    public var payload: Data? { entry.payload }
}
