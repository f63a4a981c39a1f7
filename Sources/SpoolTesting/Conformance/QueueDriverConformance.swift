import Foundation
import SpoolCore
import SpoolQueue
import Testing

/// The conformance suite every ``JobQueueDriver`` passes: ordering, priority, forced entries,
/// leases, retries with backoff, delays, removal, moves, pause, crash recovery, stats,
/// concurrent claimers and shutdown with work in flight; then the same for tasks other than jobs
/// (keys such as `source:42`, payloads, typed ``QueueTask``s).
///
/// Each check uses its own queue names and keys, so a factory may hand out drivers over one
/// shared backend. Timing checks use short leases and delays (100–300 ms) and never fail because
/// the machine is slow: an assertion that something is not yet claimable is skipped when the
/// deadline has passed meanwhile.
public enum QueueDriverConformance {
    /// Makes a driver for one check.
    public typealias Factory = @Sendable () async throws -> any JobQueueDriver

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("claimsInPriorityThenPositionOrder", claimsInPriorityThenPositionOrder),
        .init("forcedEntriesComeFirst", forcedEntriesComeFirst),
        .init("enqueueReplacesTheExistingEntry", enqueueReplacesTheExistingEntry),
        .init("queuesAreIndependent", queuesAreIndependent),
        .init("leaseHidesEntryUntilItExpires", leaseHidesEntryUntilItExpires),
        .init("renewExtendsTheLease", renewExtendsTheLease),
        .init("staleLeaseCannotSettleANewerClaim", staleLeaseCannotSettleANewerClaim),
        .init("releaseHandsTheEntryBackWithoutAnAttempt", releaseHandsTheEntryBackWithoutAnAttempt),
        .init("failuresRetryWithBackoffThenDeadLetter", failuresRetryWithBackoffThenDeadLetter),
        .init("delayedEntriesAreNotClaimableEarly", delayedEntriesAreNotClaimableEarly),
        .init("removeDropsEntries", removeDropsEntries),
        .init("moveReordersPendingEntries", moveReordersPendingEntries),
        .init("pausedQueueHandsOutOnlyForcedEntries", pausedQueueHandsOutOnlyForcedEntries),
        .init("releaseAllLeasesRecoversAfterACrash", releaseAllLeasesRecoversAfterACrash),
        .init("statsCountEveryKindOfEntry", statsCountEveryKindOfEntry),
        .init("concurrentClaimersNeverShareAnEntry", concurrentClaimersNeverShareAnEntry),
        .init("enqueueWakesIdleWorkers", enqueueWakesIdleWorkers),
        .init("inFlightEntriesAreHandedBackOnShutdown", inFlightEntriesAreHandedBackOnShutdown),
        .init("payloadsRoundTripWithTheirKeys", payloadsRoundTripWithTheirKeys),
        .init("typedTasksDecodeFromTheirLease", typedTasksDecodeFromTheirLease),
        .init("processorRunsTypedTasks", processorRunsTypedTasks),
        .init("sameKeyInTwoQueuesIsTwoEntries", sameKeyInTwoQueuesIsTwoEntries),
        .init("taskLeasesRenewExpireAndGoStale", taskLeasesRenewExpireAndGoStale),
        .init("taskFailuresBackOffThenDeadLetterWithPayload", taskFailuresBackOffThenDeadLetterWithPayload),
        .init("delayedTaskWaitsForNotBefore", delayedTaskWaitsForNotBefore),
        .init("tasksMovePauseAndCount", tasksMovePauseAndCount),
    ]

    /// A lease long enough never to expire during a check.
    static let longLease: Duration = .seconds(60)

    /// Entries come out by priority (higher first), then position (lower first); a nil position
    /// appends, an explicit one is honoured.
    public static func claimsInPriorityThenPositionOrder(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let ids = (0..<6).map { _ in TaskKey.randomJob() }
        try await driver.enqueue(EnqueueRequest(queue: queue, key: ids[0], priority: JobPriority.normal.rank))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: ids[1], priority: JobPriority.high.rank))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: ids[2], priority: JobPriority.low.rank))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: ids[3], priority: JobPriority.normal.rank))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: ids[4], priority: JobPriority.high.rank))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: ids[5], priority: JobPriority.normal.rank, position: -100))
        let expected = [ids[1], ids[4], ids[5], ids[0], ids[3], ids[2]]

        #expect(try await driver.entries(in: queue).map(\.key) == expected)
        #expect(try await claimAll(driver, queue) == expected)
    }

    /// Forced entries are claimed before everything else; a forced-only claim takes nothing else.
    public static func forcedEntriesComeFirst(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let high = TaskKey.randomJob(), forcedLow = TaskKey.randomJob(), forcedNormal = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: high, priority: JobPriority.high.rank))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: forcedLow, priority: JobPriority.low.rank, forced: true))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: forcedNormal, priority: JobPriority.normal.rank, forced: true))

        #expect(try await driver.entries(in: queue).map(\.key) == [forcedNormal, forcedLow, high])
        let first = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: true)
        let second = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: true)
        let third = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: true)
        #expect(first?.entry.key == forcedNormal)
        #expect(first?.entry.forced == true)
        #expect(second?.entry.key == forcedLow)
        #expect(third == nil)
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)?.entry.key == high)
    }

    /// Enqueueing a key that is already queued replaces its entry: one entry, attempts and delay
    /// reset, lease dropped, new priority.
    public static func enqueueReplacesTheExistingEntry(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let id = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: id, priority: JobPriority.low.rank))
        let lease = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        _ = try await driver.fail(lease, error: "boom", policy: RetryPolicy(maxRetries: 5, baseDelay: .seconds(60)))
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false) == nil)

        try await driver.enqueue(EnqueueRequest(queue: queue, key: id, priority: JobPriority.high.rank))
        let entries = try await driver.entries(in: queue)
        #expect(entries.count == 1)
        #expect(entries.first?.priority == JobPriority.high.rank)
        #expect(entries.first?.attempts == 0)
        #expect(entries.first?.notBefore == nil)
        let leased = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        #expect(leased.entry.attempts == 0)

        try await driver.enqueue(EnqueueRequest(queue: queue, key: id, priority: JobPriority.high.rank))
        let reclaimed = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)
        #expect(reclaimed?.entry.key == id, "re-enqueueing drops the lease")
        #expect(reclaimed?.token != leased.token)
    }

    /// Entries, pauses and claims of one queue do not affect another.
    public static func queuesAreIndependent(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let first = QueueName.unique("first"), second = QueueName.unique("second")
        let a = TaskKey.randomJob(), b = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: first, key: a))
        try await driver.enqueue(EnqueueRequest(queue: second, key: b))
        try await driver.setPaused(true, queue: second)

        #expect(try await driver.entries(in: first).map(\.key) == [a])
        #expect(try await claimAll(driver, first) == [a])
        #expect(try await claimAll(driver, second).isEmpty)
        #expect(try await driver.stats(for: first).paused == false)
        try await driver.setPaused(false, queue: second)
        #expect(try await claimAll(driver, second) == [b])
    }

    /// Claims every claimable entry with a long lease, in claim order.
    static func claimAll(_ driver: any JobQueueDriver, _ queue: QueueName, forcedOnly: Bool = false) async throws -> [TaskKey] {
        var claimed: [TaskKey] = []
        while let lease = try await driver.claim(from: queue, workerID: "claim-all", leaseDuration: longLease, forcedOnly: forcedOnly) {
            claimed.append(lease.entry.key)
        }
        return claimed
    }
}
