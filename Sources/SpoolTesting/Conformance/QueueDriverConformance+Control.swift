import Foundation
import SpoolCore
import SpoolQueue
import Testing

extension QueueDriverConformance {
    /// `remove` drops a job's entry from one queue or from all, counts what it removed, and
    /// leaves the holder of a removed entry's lease unable to complete it.
    public static func removeDropsEntries(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let first = QueueName.unique("first"), second = QueueName.unique("second")
        let a = JobID.random(), b = JobID.random()
        try await driver.enqueue(EnqueueRequest(queue: first, jobID: a))
        try await driver.enqueue(EnqueueRequest(queue: first, jobID: b))
        try await driver.enqueue(EnqueueRequest(queue: second, jobID: a))

        #expect(try await driver.remove(jobID: a, from: first) == 1)
        #expect(try await driver.entries(in: first).map(\.jobID) == [b])
        #expect(try await driver.entries(in: second).map(\.jobID) == [a])
        #expect(try await driver.remove(jobID: a, from: nil) == 1)
        #expect(try await driver.remove(jobID: a, from: nil) == 0)
        #expect(try await driver.entries(in: second).isEmpty)

        let lease = try #require(try await driver.claim(from: first, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        #expect(try await driver.remove(jobID: b, from: first) == 1, "a leased entry can be removed (cancel)")
        try await driver.complete(lease)
        #expect(try await driver.stats(for: first).completed == 0, "completing a removed entry counts nothing")
        #expect(try await driver.entries(in: first).isEmpty)
    }

    /// Transmission's queue moves: top, up, down, bottom among pending entries.
    public static func moveReordersPendingEntries(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let (a, b, c, d) = (JobID.random(), JobID.random(), JobID.random(), JobID.random())
        for id in [a, b, c, d] {
            try await driver.enqueue(EnqueueRequest(queue: queue, jobID: id))
        }
        func order() async throws -> [JobID] { try await driver.entries(in: queue).map(\.jobID) }

        let top = try await driver.move(jobID: d, in: queue, .top)
        #expect(try await order() == [d, a, b, c])
        #expect(try await driver.entries(in: queue).first?.position == top)
        _ = try await driver.move(jobID: a, in: queue, .down)
        #expect(try await order() == [d, b, a, c])
        _ = try await driver.move(jobID: b, in: queue, .up)
        #expect(try await order() == [b, d, a, c])
        let bottom = try await driver.move(jobID: b, in: queue, .bottom)
        #expect(try await order() == [d, a, c, b])
        #expect(try await driver.entries(in: queue).last?.position == bottom)
        _ = try await driver.move(jobID: d, in: queue, .up)
        _ = try await driver.move(jobID: b, in: queue, .down)
        #expect(try await order() == [d, a, c, b], "moving past either end changes nothing")
        #expect(try await driver.move(jobID: JobID.random(), in: queue, .top) == nil)
        #expect(try await claimAll(driver, queue) == [d, a, c, b])
    }

    /// A paused queue hands out only forced entries; resuming restores normal claims.
    public static func pausedQueueHandsOutOnlyForcedEntries(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let normal = JobID.random(), forced = JobID.random()
        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: normal))
        try await driver.setPaused(true, queue: queue)
        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: forced, forced: true))

        #expect(try await driver.stats(for: queue).paused)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false) == nil)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: true)?.entry.jobID == forced)
        try await driver.setPaused(false, queue: queue)
        #expect(try await driver.stats(for: queue).paused == false)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)?.entry.jobID == normal)
    }

    /// Stats count pending, delayed, active, completed and dead-lettered entries.
    public static func statsCountEveryKindOfEntry(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let high = JobPriority.high.rank
        #expect(try await driver.stats(for: queue) == QueueStats())

        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: JobID.random(), priority: high))
        let done = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        try await driver.complete(done)
        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: JobID.random(), priority: high))
        let doomed = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        #expect(try await driver.fail(doomed, error: "boom", policy: RetryPolicy(maxRetries: 0)) == .deadLettered(attempts: 1))
        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: JobID.random(), priority: high))
        _ = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: JobID.random()))
        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: JobID.random()))
        try await driver.enqueue(EnqueueRequest(queue: queue, jobID: JobID.random(), notBefore: Date().addingTimeInterval(600)))

        #expect(try await driver.stats(for: queue) == QueueStats(pending: 2, delayed: 1, active: 1, completed: 1, failed: 1, paused: false))
    }
}
