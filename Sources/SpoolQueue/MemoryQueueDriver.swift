import Foundation

/// An in-memory ``JobQueueDriver`` for tests and single-process use without persistence.
public actor MemoryQueueDriver: JobQueueDriver, QueueWakeup {
    private struct Item {
        var entry: QueueEntry
        var lease: QueueLease?
    }

    private var items: [QueueName: [TaskKey: Item]] = [:]
    private var nextPosition: Int64 = 1
    private var completed: [QueueName: Int] = [:]
    private var deadLetters: [QueueName: [QueueEntry]] = [:]
    private var paused: Set<QueueName> = []
    private let signal = QueueSignal()

    /// Creates an empty driver.
    public init() {}

    /// Adds or replaces the key's entry.
    public func enqueue(_ request: EnqueueRequest) -> QueueEntry {
        let position = request.position ?? nextPositionValue()
        let entry = QueueEntry(
            queue: request.queue, key: request.key, payload: request.payload, priority: request.priority, position: position,
            notBefore: request.notBefore, forced: request.forced
        )
        items[request.queue, default: [:]][request.key] = Item(entry: entry, lease: nil)
        signal.notify(request.queue)
        return entry
    }

    private func nextPositionValue() -> Int64 {
        defer { nextPosition += 1 }
        return nextPosition
    }

    /// Claims the next ready entry.
    public func claim(from queue: QueueName, workerID: String, leaseDuration: Duration, forcedOnly: Bool) -> QueueLease? {
        if paused.contains(queue) && !forcedOnly { return nil }
        let now = Date()
        let candidates = (items[queue] ?? [:]).values.filter { item in
            if let lease = item.lease, lease.expiresAt > now { return false }
            if let notBefore = item.entry.notBefore, notBefore > now { return false }
            return !forcedOnly || item.entry.forced
        }
        guard let next = candidates.map(\.entry).sorted(by: QueueOrder.claimOrder).first else { return nil }
        let lease = QueueLease(entry: next, token: UUID().uuidString, workerID: workerID, expiresAt: now.addingTimeInterval(leaseDuration.timeInterval))
        items[queue]?[next.key]?.lease = lease
        return lease
    }

    /// Extends a lease.
    public func renew(_ lease: QueueLease, by duration: Duration) throws -> QueueLease {
        guard let item = items[lease.entry.queue]?[lease.entry.key], item.lease?.token == lease.token else {
            throw QueueError.leaseLost(lease.entry)
        }
        var renewed = lease
        renewed.expiresAt = Date().addingTimeInterval(duration.timeInterval)
        items[lease.entry.queue]?[lease.entry.key]?.lease = renewed
        return renewed
    }

    /// Removes the entry.
    public func complete(_ lease: QueueLease) {
        guard holds(lease) else { return }
        items[lease.entry.queue]?[lease.entry.key] = nil
        completed[lease.entry.queue, default: 0] += 1
    }

    /// Retries with backoff or dead-letters.
    public func fail(_ lease: QueueLease, error: String, policy: RetryPolicy) throws -> FailureDisposition {
        guard var item = items[lease.entry.queue]?[lease.entry.key], item.lease?.token == lease.token else {
            throw QueueError.leaseLost(lease.entry)
        }
        let attempts = item.entry.attempts + 1
        if attempts > policy.maxRetries {
            items[lease.entry.queue]?[lease.entry.key] = nil
            var dead = item.entry
            dead.attempts = attempts
            deadLetters[lease.entry.queue, default: []].append(dead)
            return .deadLettered(attempts: attempts)
        }
        let at = Date().addingTimeInterval(policy.delay(forAttempt: attempts).timeInterval)
        item.entry.attempts = attempts
        item.entry.notBefore = at
        item.entry.forced = false
        item.lease = nil
        items[lease.entry.queue]?[lease.entry.key] = item
        return .retry(at: at, attempt: attempts)
    }

    /// Hands the entry back.
    public func release(_ lease: QueueLease, delay: Duration) {
        guard holds(lease) else { return }
        items[lease.entry.queue]?[lease.entry.key]?.lease = nil
        items[lease.entry.queue]?[lease.entry.key]?.entry.notBefore = delay > .zero ? Date().addingTimeInterval(delay.timeInterval) : nil
        signal.notify(lease.entry.queue)
    }

    /// Removes the key's entries.
    public func remove(key: TaskKey, from queue: QueueName?) -> Int {
        var removed = 0
        for name in queue.map({ [$0] }) ?? Array(items.keys) where items[name]?.removeValue(forKey: key) != nil {
            removed += 1
        }
        return removed
    }

    /// Moves a pending entry.
    public func move(key: TaskKey, in queue: QueueName, _ move: EntryMove) -> Int64? {
        let pending = (items[queue] ?? [:]).values.filter { $0.lease == nil }.map(\.entry).sorted(by: QueueOrder.claimOrder)
        guard let plan = QueueOrder.plan(move, of: key, in: pending) else { return nil }
        for (key, position) in plan.assignments {
            items[queue]?[key]?.entry.position = position
        }
        return plan.newPosition
    }

    /// Entries in claim order.
    public func entries(in queue: QueueName) -> [QueueEntry] {
        (items[queue] ?? [:]).values.map(\.entry).sorted(by: QueueOrder.claimOrder)
    }

    /// Counts.
    public func stats(for queue: QueueName) -> QueueStats {
        let now = Date()
        var stats = QueueStats(completed: completed[queue] ?? 0, failed: deadLetters[queue]?.count ?? 0, paused: paused.contains(queue))
        for item in (items[queue] ?? [:]).values {
            if let lease = item.lease, lease.expiresAt > now {
                stats.active += 1
            } else if let notBefore = item.entry.notBefore, notBefore > now {
                stats.delayed += 1
            } else {
                stats.pending += 1
            }
        }
        return stats
    }

    /// Pauses or resumes the queue.
    public func setPaused(_ paused: Bool, queue: QueueName) {
        if paused { self.paused.insert(queue) } else {
            self.paused.remove(queue)
            signal.notify(queue)
        }
    }

    /// Drops every lease.
    public func releaseAllLeases() {
        for (queue, queueItems) in items {
            for id in queueItems.keys { items[queue]?[id]?.lease = nil }
            signal.notify(queue)
        }
    }

    /// Waits for an enqueue on `queue` or the timeout.
    public nonisolated func waitForWork(in queue: QueueName, timeout: Duration) async {
        await signal.waitForWork(in: queue, timeout: timeout)
    }

    private func holds(_ lease: QueueLease) -> Bool {
        items[lease.entry.queue]?[lease.entry.key]?.lease?.token == lease.token
    }
}
