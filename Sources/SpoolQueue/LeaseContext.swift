import Foundation
import Synchronization

/// A claimed entry and the ways to settle it.
public final class LeaseContext: Sendable {
    private let state: Mutex<(lease: QueueLease, settled: Bool, lost: Bool)>
    private let driver: any JobQueueDriver

    /// Creates a context.
    public init(lease: QueueLease, driver: any JobQueueDriver) {
        self.state = Mutex((lease, false, false))
        self.driver = driver
    }

    /// The current lease.
    public var lease: QueueLease { state.withLock { $0.lease } }
    /// What the entry is about.
    public var key: TaskKey { lease.entry.key }
    /// The task's arguments as enqueued, if any (``task(as:)`` decodes them).
    public var payload: Data? { lease.entry.payload }
    /// Failed attempts before this one.
    public var attempts: Int { lease.entry.attempts }
    /// Whether the lease was settled.
    public var isSettled: Bool { state.withLock { $0.settled } }
    /// Whether the lease was lost (another worker may hold the entry now).
    public var isLost: Bool { state.withLock { $0.lost } }

    /// Decodes the claimed entry's task (``QueueTask/init(entry:)``).
    ///
    /// - Throws: ``QueueError`` `.invalidPayload` when the entry does not carry a `T`.
    public func task<T: QueueTask>(as type: T.Type = T.self) throws -> T {
        try T(entry: lease.entry)
    }

    func markLost() { state.withLock { $0.lost = true } }

    func renew(by duration: Duration) async throws {
        let renewed = try await driver.renew(lease, by: duration)
        state.withLock { $0.lease = renewed }
    }

    /// Removes the entry after success.
    public func complete() async throws {
        try await driver.complete(lease)
        state.withLock { $0.settled = true }
    }

    /// Records a failure; the driver schedules a retry or dead-letters.
    public func fail(_ message: String, policy: RetryPolicy) async throws -> FailureDisposition {
        let disposition = try await driver.fail(lease, error: message, policy: policy)
        state.withLock { $0.settled = true }
        return disposition
    }

    /// Hands the entry back without counting an attempt.
    public func release(delay: Duration) async throws {
        try await driver.release(lease, delay: delay)
        state.withLock { $0.settled = true }
    }

    /// Drops the entry (its work was paused, canceled or deleted meanwhile).
    public func discard() async throws {
        try await driver.remove(key: lease.entry.key, from: lease.entry.queue)
        state.withLock { $0.settled = true }
    }
}
