import Foundation
import SpoolCore
import SpoolQueue
import Testing

extension QueueDriverConformance {
    /// `remove` drops a key's entry from one queue or from all, counts what it removed, and
    /// leaves the holder of a removed entry's lease unable to complete it.
    public static func removeDropsEntries(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let first = QueueName.unique("first"), second = QueueName.unique("second")
        let a = TaskKey.randomJob(), b = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: first, key: a))
        try await driver.enqueue(EnqueueRequest(queue: first, key: b))
        try await driver.enqueue(EnqueueRequest(queue: second, key: a))

        #expect(try await driver.remove(key: a, from: first) == 1)
        #expect(try await driver.entries(in: first).map(\.key) == [b])
        #expect(try await driver.entries(in: second).map(\.key) == [a])
        #expect(try await driver.remove(key: a, from: nil) == 1)
        #expect(try await driver.remove(key: a, from: nil) == 0)
        #expect(try await driver.entries(in: second).isEmpty)

        let lease = try #require(try await driver.claim(from: first, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        #expect(try await driver.remove(key: b, from: first) == 1, "a leased entry can be removed (cancel)")
        try await driver.complete(lease)
        #expect(try await driver.stats(for: first).completed == 0, "completing a removed entry counts nothing")
        #expect(try await driver.entries(in: first).isEmpty)
    }

    /// Transmission's queue moves: top, up, down, bottom among pending entries.
    public static func moveReordersPendingEntries(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let (a, b, c, d) = (TaskKey.randomJob(), TaskKey.randomJob(), TaskKey.randomJob(), TaskKey.randomJob())
        for id in [a, b, c, d] {
            try await driver.enqueue(EnqueueRequest(queue: queue, key: id))
        }
        func order() async throws -> [TaskKey] { try await driver.entries(in: queue).map(\.key) }

        let top = try await driver.move(key: d, in: queue, .top)
        #expect(try await order() == [d, a, b, c])
        #expect(try await driver.entries(in: queue).first?.position == top)
        _ = try await driver.move(key: a, in: queue, .down)
        #expect(try await order() == [d, b, a, c])
        _ = try await driver.move(key: b, in: queue, .up)
        #expect(try await order() == [b, d, a, c])
        let bottom = try await driver.move(key: b, in: queue, .bottom)
        #expect(try await order() == [d, a, c, b])
        #expect(try await driver.entries(in: queue).last?.position == bottom)
        _ = try await driver.move(key: d, in: queue, .up)
        _ = try await driver.move(key: b, in: queue, .down)
        #expect(try await order() == [d, a, c, b], "moving past either end changes nothing")
        #expect(try await driver.move(key: TaskKey.randomJob(), in: queue, .top) == nil)
        #expect(try await claimAll(driver, queue) == [d, a, c, b])
    }

    /// A paused queue hands out only forced entries; resuming restores normal claims.
    public static func pausedQueueHandsOutOnlyForcedEntries(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let normal = TaskKey.randomJob(), forced = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: normal))
        try await driver.setPaused(true, queue: queue)
        try await driver.enqueue(EnqueueRequest(queue: queue, key: forced, forced: true))

        #expect(try await driver.stats(for: queue).paused)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false) == nil)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: true)?.entry.key == forced)
        try await driver.setPaused(false, queue: queue)
        #expect(try await driver.stats(for: queue).paused == false)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)?.entry.key == normal)
    }

    /// Stats count pending, delayed, active, completed and dead-lettered entries.
    public static func statsCountEveryKindOfEntry(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let high = JobPriority.high.rank
        #expect(try await driver.stats(for: queue) == QueueStats())

        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob(), priority: high))
        let done = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        try await driver.complete(done)
        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob(), priority: high))
        let doomed = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        #expect(try await driver.fail(doomed, error: "boom", policy: RetryPolicy(maxRetries: 0)) == .deadLettered(attempts: 1))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob(), priority: high))
        _ = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob()))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob()))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob(), notBefore: Date().addingTimeInterval(600)))

        #expect(try await driver.stats(for: queue) == QueueStats(pending: 2, delayed: 1, active: 1, completed: 1, failed: 1, paused: false))
    }
}
