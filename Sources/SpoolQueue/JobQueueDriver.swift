import Foundation

/// A queue backend with at-least-once delivery and leases (shaped after swift-jobs' driver).
///
/// Ordering: forced entries first, then priority (higher first), then position (lower first).
/// Entries with a future `notBefore`, leased entries and entries of a paused queue are not claimable.
/// An expired lease makes its entry claimable again (the worker is presumed dead).
public protocol JobQueueDriver: Sendable {
    /// Adds the task to the queue, replacing the key's existing entry there (attempts reset).
    @discardableResult
    func enqueue(_ request: EnqueueRequest) async throws -> QueueEntry
    /// Claims the next entry, or nil. With `forcedOnly`, only forced entries qualify.
    func claim(from queue: QueueName, workerID: String, leaseDuration: Duration, forcedOnly: Bool) async throws -> QueueLease?
    /// Extends a lease; throws ``QueueError`` `.leaseLost` if it expired and was claimed again, or was removed.
    func renew(_ lease: QueueLease, by duration: Duration) async throws -> QueueLease
    /// Removes the entry after success.
    func complete(_ lease: QueueLease) async throws
    /// Records a failure: schedules a retry with backoff, or dead-letters after `policy.maxRetries`.
    func fail(_ lease: QueueLease, error: String, policy: RetryPolicy) async throws -> FailureDisposition
    /// Hands the entry back without counting an attempt (shutdown), claimable after `delay`.
    func release(_ lease: QueueLease, delay: Duration) async throws
    /// Removes the key's entries (from one queue or all); returns how many were removed.
    @discardableResult
    func remove(key: TaskKey, from queue: QueueName?) async throws -> Int
    /// Moves a pending entry among the queue's pending entries; returns its new position.
    func move(key: TaskKey, in queue: QueueName, _ move: EntryMove) async throws -> Int64?
    /// The queue's entries in claim order (leased ones included).
    func entries(in queue: QueueName) async throws -> [QueueEntry]
    /// Counts for the queue.
    func stats(for queue: QueueName) async throws -> QueueStats
    /// Stops (or restarts) claims from the whole queue.
    func setPaused(_ paused: Bool, queue: QueueName) async throws
    /// Makes every lease claimable again; used at start by the single embedded process.
    func releaseAllLeases() async throws
}
