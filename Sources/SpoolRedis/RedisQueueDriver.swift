import Foundation
import Logging
import RESP
import SpoolCore
import SpoolQueue

/// The distributed ``JobQueueDriver`` on Redis: at-least-once delivery with leases, shared by the
/// gateways and workers of every machine (``RedisQueueKeys`` shows the key layout).
///
/// Each operation is one Lua script (``RedisQueueScripts``), so concurrent claimers on any number
/// of processes never get the same entry. A claim first makes due retries and expired leases
/// claimable (a dead worker's entry goes to the next claimer), then takes the first entry in
/// claim order: forced entries, then priority class, then position.
///
/// Idle workers sleep in ``waitForWork(in:timeout:)``; ``run()`` listens on the wake channel so an
/// enqueue on another process wakes them within milliseconds (without it, enqueues of this
/// process still wake its workers and the others poll every `idleWait`).
///
/// ```swift
/// let pool = RedisConnectionPool(configuration: try RedisConfiguration(url: "redis://redis:6379"))
/// let subscriber = RedisSubscriber(configuration: pool.configuration)
/// let driver = RedisQueueDriver(client: pool, subscriber: subscriber)
/// // run `subscriber.run()` and `driver.run()` as services
/// ```
public struct RedisQueueDriver: JobQueueDriver, QueueWakeup {
    /// Where the driver keeps its data.
    public struct Configuration: Sendable {
        /// Prefix of every key and of the wake channel (`spool:` gives `spool:q:download:ready`).
        public var keyPrefix: String
        /// Most due retries and expired leases a claim moves to the ready set at once.
        public var recoveryBatch: Int

        /// Creates a configuration.
        public init(keyPrefix: String = "spool:", recoveryBatch: Int = 100) {
            self.keyPrefix = keyPrefix
            self.recoveryBatch = recoveryBatch
        }
    }

    let client: any RedisClient
    let subscriber: RedisSubscriber?
    let configuration: Configuration
    let signal: QueueSignal
    let ready: ReadyGate
    let logger: Logger

    /// Creates a driver; `subscriber` (run by the caller) carries wake-ups between processes.
    public init(client: any RedisClient, subscriber: RedisSubscriber? = nil, configuration: Configuration = .init(), logger: Logger = Logger(label: "spool.redis.queue")) {
        self.client = client
        self.subscriber = subscriber
        self.configuration = configuration
        self.signal = QueueSignal()
        self.ready = ReadyGate()
        self.logger = logger
    }

    func keys(_ queue: QueueName) -> RedisQueueKeys {
        RedisQueueKeys(prefix: configuration.keyPrefix, queue: queue)
    }

    /// The channel carrying the names of queues where something became claimable.
    public var wakeChannel: String { configuration.keyPrefix + "wake" }

    /// Adds the task to the queue, replacing the key's existing entry (attempts, delay and lease reset).
    @discardableResult
    public func enqueue(_ request: EnqueueRequest) async throws -> QueueEntry {
        let keys = keys(request.queue)
        let notBefore = request.notBefore.map { String(Self.microseconds($0)) } ?? ""
        let reply = try await run(RedisQueueScripts.enqueue, keys, [
            request.key.rawValue, request.priority, request.position.map { String($0) } ?? "",
            request.position.map(RedisSortKey.number) ?? "", notBefore, request.forced ? "1" : "0",
            RedisSortKey.head(priority: request.priority, forced: request.forced), wakeChannel, request.queue.rawValue,
            request.payload == nil ? "0" : "1", request.payload?.base64EncodedString() ?? "",
        ])
        guard let position = reply.string.flatMap({ Int64($0) }) else { throw Self.unexpected("enqueue", reply) }
        signal.notify(request.queue)
        let stored = request.notBefore.map { Self.date(microseconds: Self.microseconds($0)) }
        return QueueEntry(
            queue: request.queue, key: request.key, payload: request.payload, priority: request.priority, position: position,
            notBefore: stored, forced: request.forced
        )
    }

    /// Claims the first claimable entry in claim order and leases it for `leaseDuration`.
    public func claim(from queue: QueueName, workerID: String, leaseDuration: Duration, forcedOnly: Bool) async throws -> QueueLease? {
        let token = UUID().uuidString
        let reply = try await run(RedisQueueScripts.claim, keys(queue), [
            workerID, Self.microseconds(leaseDuration), forcedOnly ? "1" : "0", token, configuration.recoveryBatch,
        ])
        if reply.isNull { return nil }
        guard let fields = reply.array?.map(\.string), fields.count == 8,
              let entry = Self.entry(queue, fields), let expires = fields[6].flatMap({ Int64($0) })
        else { throw Self.unexpected("claim", reply) }
        return QueueLease(entry: entry, token: token, workerID: workerID, expiresAt: Self.date(microseconds: expires))
    }

    /// Extends the lease by `duration` from now.
    ///
    /// - Throws: `QueueError(.leaseLost)` when the entry is gone or leased to someone else.
    public func renew(_ lease: QueueLease, by duration: Duration) async throws -> QueueLease {
        let reply = try await run(RedisQueueScripts.renew, keys(lease.entry.queue), [lease.entry.key.rawValue, lease.token, Self.microseconds(duration)])
        guard let expires = reply.string.flatMap({ Int64($0) }) else { throw Self.leaseLost(lease) }
        var renewed = lease
        renewed.expiresAt = Self.date(microseconds: expires)
        return renewed
    }

    /// Removes the entry and counts a completion; a stale lease changes nothing.
    public func complete(_ lease: QueueLease) async throws {
        try await run(RedisQueueScripts.complete, keys(lease.entry.queue), [lease.entry.key.rawValue, lease.token])
    }

    /// Counts a failed attempt: a retry after `policy`'s backoff, or a dead letter once the entry
    /// failed more than `policy.maxRetries` times.
    ///
    /// - Throws: `QueueError(.leaseLost)` when the entry is gone or leased to someone else.
    public func fail(_ lease: QueueLease, error: String, policy: RetryPolicy) async throws -> FailureDisposition {
        let reply = try await run(RedisQueueScripts.fail, keys(lease.entry.queue), [
            lease.entry.key.rawValue, lease.token, policy.maxRetries,
            Self.microseconds(policy.baseDelay), Self.microseconds(policy.maxDelay), error,
        ])
        if reply.isNull { throw Self.leaseLost(lease) }
        let values = reply.array ?? []
        switch values.first?.string {
        case "retry":
            guard values.count == 3, let at = values[1].string.flatMap({ Int64($0) }), let attempts = values[2].int else { break }
            return .retry(at: Self.date(microseconds: at), attempt: attempts)
        case "dead":
            guard values.count == 2, let attempts = values[1].int else { break }
            return .deadLettered(attempts: attempts)
        default:
            break
        }
        throw Self.unexpected("fail", reply)
    }

    /// Hands the entry back without counting an attempt, claimable after `delay`; a stale lease
    /// changes nothing.
    public func release(_ lease: QueueLease, delay: Duration) async throws {
        let reply = try await run(RedisQueueScripts.release, keys(lease.entry.queue), [
            lease.entry.key.rawValue, lease.token, Self.microseconds(max(delay, .zero)), wakeChannel, lease.entry.queue.rawValue,
        ])
        if reply.int == 1, delay <= .zero { signal.notify(lease.entry.queue) }
    }

    /// Removes the key's entries from `queue`, or from every queue when nil (a leased entry too:
    /// its holder's renewal then fails and the handler is cancelled).
    @discardableResult
    public func remove(key: TaskKey, from queue: QueueName?) async throws -> Int {
        let queues: [QueueName]
        if let queue { queues = [queue] } else { queues = try await knownQueues() }
        var removed = 0
        for name in queues {
            removed += try await run(RedisQueueScripts.remove, keys(name), [key.rawValue]).int ?? 0
        }
        return removed
    }

    /// Moves a pending (not actively leased) entry among the queue's pending entries
    /// (``QueueOrder/plan(_:of:in:)``). The plan is made from one read and written by one script;
    /// two moves racing in the same queue apply in turn, the later one from a slightly old order.
    public func move(key: TaskKey, in queue: QueueName, _ move: EntryMove) async throws -> Int64? {
        let pending = try await listed(queue).filter { !$0.active }.map(\.entry).sorted(by: QueueOrder.claimOrder)
        guard let plan = QueueOrder.plan(move, of: key, in: pending) else { return nil }
        guard !plan.assignments.isEmpty else { return plan.newPosition }
        var arguments: [any RESPArgument] = []
        for (key, position) in plan.assignments {
            arguments += [key.rawValue, String(position), RedisSortKey.number(position)]
        }
        try await run(RedisQueueScripts.reposition, keys(queue), arguments)
        return plan.newPosition
    }

    /// The queue's entries in claim order, leased ones included.
    public func entries(in queue: QueueName) async throws -> [QueueEntry] {
        try await listed(queue).map(\.entry).sorted(by: QueueOrder.claimOrder)
    }

    /// Counts for the queue, taken atomically.
    public func stats(for queue: QueueName) async throws -> QueueStats {
        let reply = try await run(RedisQueueScripts.stats, keys(queue), [])
        guard let counts = reply.array?.compactMap(\.int), counts.count == 6 else { throw Self.unexpected("stats", reply) }
        return QueueStats(pending: counts[0], delayed: counts[1], active: counts[2], completed: counts[3], failed: counts[4], paused: counts[5] == 1)
    }

    /// Pauses the queue (only forced claims succeed) or resumes it, for every process.
    public func setPaused(_ paused: Bool, queue: QueueName) async throws {
        let keys = keys(queue)
        try await client.send("HSET", keys.stats, "paused", paused ? "1" : "0")
        try await client.send("SADD", keys.queues, queue.rawValue)
        if !paused {
            try await client.publish(queue.rawValue, to: wakeChannel)
            signal.notify(queue)
        }
    }

    /// Makes every lease of every queue claimable again.
    ///
    /// Only safe while no other process works on these queues (the conformance suite, a single
    /// `serve` on Redis). A distributed worker starting up calls ``releaseLeases(heldBy:)`` with its
    /// stable id instead; leases of dead workers with other ids expire and are recovered by claims.
    public func releaseAllLeases() async throws {
        try await releaseLeases(worker: "", expiredOnly: false)
    }

    /// Hands back the leases `workerID` holds in any queue (a restarted worker with a stable id
    /// recovering its own work at once, without waiting for the leases to expire); returns how many.
    @discardableResult
    public func releaseLeases(heldBy workerID: String) async throws -> Int {
        precondition(!workerID.isEmpty, "a worker id is needed")
        return try await releaseLeases(worker: workerID, expiredOnly: false)
    }

    /// Hands back every expired lease at once (claims also do this lazily); returns how many.
    @discardableResult
    public func releaseExpiredLeases() async throws -> Int {
        try await releaseLeases(worker: "", expiredOnly: true)
    }

    private func releaseLeases(worker: String, expiredOnly: Bool) async throws -> Int {
        var released = 0
        for queue in try await knownQueues() {
            let count = try await run(RedisQueueScripts.releaseLeases, keys(queue), [worker, wakeChannel, queue.rawValue, expiredOnly ? "1" : "0"]).int ?? 0
            if count > 0 { signal.notify(queue) }
            released += count
        }
        return released
    }

    /// Every queue that was ever used under this prefix.
    public func knownQueues() async throws -> [QueueName] {
        let reply = try await client.send("SMEMBERS", configuration.keyPrefix + "queues")
        return (reply.array ?? []).compactMap(\.string).sorted().map { QueueName(rawValue: $0) }
    }
}
