import Foundation
import SpoolCore
import SpoolQueue
import Testing

extension QueueDriverConformance {
    /// Each failure schedules a retry after base × 2^(attempt−1); the attempt after the last
    /// retry goes to the dead letters.
    public static func failuresRetryWithBackoffThenDeadLetter(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let id = TaskKey.randomJob()
        let policy = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(100), maxDelay: .seconds(10))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: id, forced: true))

        var claimedEarly: QueueLease?
        for attempt in 1...policy.maxRetries {
            let claimed = try await claimSoon(driver, queue, unless: claimedEarly)
            let lease = try #require(claimed, "attempt \(attempt) is claimable once its delay has passed")
            #expect(lease.entry.attempts == attempt - 1)
            let before = Date()
            let disposition = try await driver.fail(lease, error: "attempt \(attempt) failed", policy: policy)
            let after = Date()
            guard case .retry(let at, let counted) = disposition else {
                Issue.record("attempt \(attempt) should be retried, got \(disposition)")
                return
            }
            let delay = policy.delay(forAttempt: attempt).timeInterval
            #expect(counted == attempt)
            #expect(at >= before.addingTimeInterval(delay - 0.001) && at <= after.addingTimeInterval(delay + 0.001), "retry \(attempt) waits \(delay) s")
            let entry = try await driver.entries(in: queue).first
            #expect(entry?.attempts == attempt)
            #expect(entry?.forced == false, "a retry no longer jumps the queue")
            claimedEarly = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)
            if Date() < at {
                #expect(claimedEarly == nil, "a retry is not claimable before its backoff has passed")
            }
            try await ConformanceSupport.sleep(until: at)
        }

        let claimed = try await claimSoon(driver, queue, unless: claimedEarly)
        let last = try #require(claimed)
        #expect(try await driver.fail(last, error: "final", policy: policy) == .deadLettered(attempts: policy.maxRetries + 1))
        #expect(try await driver.entries(in: queue).isEmpty)
        #expect(try await driver.stats(for: queue).failed == 1)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false) == nil)
    }

    /// An entry with a future `notBefore` waits; entries behind it are claimed meanwhile.
    public static func delayedEntriesAreNotClaimableEarly(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let delayed = TaskKey.randomJob(), ready = TaskKey.randomJob()
        let notBefore = Date().addingTimeInterval(0.3)
        try await driver.enqueue(EnqueueRequest(queue: queue, key: delayed, priority: JobPriority.high.rank, notBefore: notBefore))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: ready, priority: JobPriority.low.rank))

        let first = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)
        let second = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)
        if Date() < notBefore {
            #expect(first?.entry.key == ready, "the delayed entry is skipped")
            #expect(second == nil)
        }
        try await ConformanceSupport.sleep(until: notBefore)
        let claimed = [first?.entry.key, second?.entry.key].compactMap { $0 } + (try await claimAll(driver, queue))
        #expect(Set(claimed) == [delayed, ready])
        #expect(claimed.count == 2)
    }

    /// Polls for a claimable entry for up to five seconds, unless one was already claimed.
    static func claimSoon(_ driver: any JobQueueDriver, _ queue: QueueName, unless claimed: QueueLease? = nil) async throws -> QueueLease? {
        if let claimed { return claimed }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let lease = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false) {
                return lease
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
