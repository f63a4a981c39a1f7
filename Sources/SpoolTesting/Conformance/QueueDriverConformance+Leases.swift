import Foundation
import SpoolCore
import SpoolQueue
import Synchronization
import Testing

extension QueueDriverConformance {
    /// A claimed entry is invisible to other claimers until its lease expires, then it is
    /// claimable again under a new token.
    public static func leaseHidesEntryUntilItExpires(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let id = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: id))

        let lease = try #require(try await driver.claim(from: queue, workerID: "first", leaseDuration: .milliseconds(300), forcedOnly: false))
        #expect(lease.entry.key == id)
        #expect(lease.workerID == "first")
        let early = try await driver.claim(from: queue, workerID: "second", leaseDuration: longLease, forcedOnly: false)
        let stats = try await driver.stats(for: queue)
        if Date() < lease.expiresAt {
            #expect(early == nil, "a leased entry is not claimable before its lease expires")
            #expect(stats.active == 1 && stats.pending == 0)
        }
        // On a machine too slow to claim again within 300 ms, the lease expired and the entry was
        // rightly taken: nothing more to observe.
        guard early == nil else { return }

        try await ConformanceSupport.sleep(until: lease.expiresAt)
        let late = try await driver.claim(from: queue, workerID: "second", leaseDuration: longLease, forcedOnly: false)
        #expect(late?.entry.key == id, "an expired lease makes the entry claimable again")
        #expect(late?.token != lease.token)
    }

    /// Renewing pushes the expiry forward so the entry stays leased.
    public static func renewExtendsTheLease(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob()))

        let lease = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: .milliseconds(300), forcedOnly: false))
        let renewed = try await driver.renew(lease, by: longLease)
        #expect(renewed.token == lease.token)
        #expect(renewed.expiresAt > lease.expiresAt)
        try await ConformanceSupport.sleep(until: lease.expiresAt)
        #expect(try await driver.claim(from: queue, workerID: "other", leaseDuration: longLease, forcedOnly: false) == nil)
        try await driver.complete(renewed)
        #expect(try await driver.entries(in: queue).isEmpty)
    }

    /// After a lease expired and the entry was claimed again, the old lease can neither renew,
    /// fail, release nor complete it.
    public static func staleLeaseCannotSettleANewerClaim(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob()))

        let stale = try #require(try await driver.claim(from: queue, workerID: "dead", leaseDuration: .milliseconds(300), forcedOnly: false))
        try await ConformanceSupport.sleep(until: stale.expiresAt)
        let current = try #require(try await driver.claim(from: queue, workerID: "alive", leaseDuration: longLease, forcedOnly: false))

        let renewError = await #expect(throws: QueueError.self) { try await driver.renew(stale, by: longLease) }
        #expect(renewError?.code == .leaseLost)
        let failError = await #expect(throws: QueueError.self) { try await driver.fail(stale, error: "late", policy: RetryPolicy()) }
        #expect(failError?.code == .leaseLost)
        try await driver.release(stale, delay: .zero)
        try await driver.complete(stale)
        #expect(try await driver.entries(in: queue).count == 1, "a stale lease does not complete the entry")
        #expect(try await driver.stats(for: queue).completed == 0)
        #expect(try await driver.claim(from: queue, workerID: "other", leaseDuration: longLease, forcedOnly: false) == nil, "a stale release does not free the newer claim")

        try await driver.complete(current)
        #expect(try await driver.entries(in: queue).isEmpty)
        #expect(try await driver.stats(for: queue).completed == 1)
    }

    /// Releasing hands the entry back without counting an attempt, at once or after a delay.
    public static func releaseHandsTheEntryBackWithoutAnAttempt(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let id = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: id))

        let first = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        try await driver.release(first, delay: .zero)
        let second = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        #expect(second.entry.key == id)
        #expect(second.entry.attempts == 0)

        // The driver takes "now" somewhere between these two instants.
        let releasing = Date()
        try await driver.release(second, delay: .milliseconds(300))
        let released = Date()
        let early = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)
        if Date() < releasing.addingTimeInterval(0.3) {
            #expect(early == nil, "a release with a delay is not claimable before the delay")
        }
        try await ConformanceSupport.sleep(until: released.addingTimeInterval(0.3))
        var third = early
        if third == nil {
            third = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)
        }
        #expect(third?.entry.key == id)
        #expect(third?.entry.attempts == 0)
    }

    /// A process that died holding leases gets its entries back on restart through
    /// `releaseAllLeases`, in queue order and without counting attempts.
    public static func releaseAllLeasesRecoversAfterACrash(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let a = TaskKey.randomJob(), b = TaskKey.randomJob(), c = TaskKey.randomJob()
        for id in [a, b, c] {
            try await driver.enqueue(EnqueueRequest(queue: queue, key: id))
        }
        let first = try await driver.claim(from: queue, workerID: "crashed", leaseDuration: longLease, forcedOnly: false)
        let second = try await driver.claim(from: queue, workerID: "crashed", leaseDuration: longLease, forcedOnly: false)
        #expect([first?.entry.key, second?.entry.key] == [a, b])
        // The worker dies here without settling either lease.

        try await driver.releaseAllLeases()
        let recovered = try await claimAll(driver, queue)
        #expect(recovered == [a, b, c])
        #expect(try await driver.entries(in: queue).allSatisfy { $0.attempts == 0 })
    }

    /// Many workers claiming at once never receive the same entry twice.
    public static func concurrentClaimersNeverShareAnEntry(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let ids = Set((0..<40).map { _ in TaskKey.randomJob() })
        for id in ids {
            try await driver.enqueue(EnqueueRequest(queue: queue, key: id))
        }
        let claimed = try await withThrowingTaskGroup(of: [TaskKey].self) { group in
            for worker in 0..<20 {
                group.addTask {
                    var mine: [TaskKey] = []
                    while let lease = try await driver.claim(from: queue, workerID: "worker-\(worker)", leaseDuration: longLease, forcedOnly: false) {
                        mine.append(lease.entry.key)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == ids.count, "every entry is claimed exactly once")
        #expect(Set(claimed) == ids)
        #expect(try await driver.stats(for: queue).active == ids.count)
    }

    /// A driver that is also a ``QueueWakeup`` wakes an idle worker when work is enqueued.
    public static func enqueueWakesIdleWorkers(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        guard let wakeup = driver as? any QueueWakeup else { return }
        let queue = QueueName.unique()
        let clock = ContinuousClock()
        let done = Atomic(false)
        let waiter = Task {
            let started = clock.now
            await wakeup.waitForWork(in: queue, timeout: .seconds(60))
            done.store(true, ordering: .sequentiallyConsistent)
            return clock.now - started
        }
        // Enqueue until the waiter wakes: it may not be waiting yet when the first one lands.
        for _ in 0..<100 where !done.load(ordering: .sequentiallyConsistent) {
            try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob()))
            try await Task.sleep(for: .milliseconds(100))
        }
        let woke = done.load(ordering: .sequentiallyConsistent)
        waiter.cancel()
        let waited = await waiter.value
        #expect(woke, "waitForWork returns when work arrives, not at its timeout (waited \(waited))")
    }
}
