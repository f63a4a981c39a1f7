import Foundation
import SpoolQueue
import Testing

extension QueueDriverConformance {
    /// A task's lease hides it, renews, expires; the stale lease then fails with `.leaseLost` and
    /// the next claim gets the same key and payload under a new token.
    public static func taskLeasesRenewExpireAndGoStale(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique("sweeps")
        let payload = Data(#"{"olderThanDays":30}"#.utf8)
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "sweep:retention", payload: payload))

        let first = try #require(try await driver.claim(from: queue, workerID: "first", leaseDuration: .milliseconds(300), forcedOnly: false))
        #expect(first.key == "sweep:retention")
        let renewed = try await driver.renew(first, by: .milliseconds(300))
        #expect(renewed.expiresAt >= first.expiresAt)
        #expect(renewed.payload == payload)
        let early = try await driver.claim(from: queue, workerID: "second", leaseDuration: longLease, forcedOnly: false)
        if Date() < renewed.expiresAt {
            #expect(early == nil, "a leased task is not claimable before its lease expires")
        }
        try await ConformanceSupport.sleep(until: renewed.expiresAt)
        let second = try #require(try await claimSoon(driver, queue, unless: early))
        #expect(second.key == "sweep:retention" && second.payload == payload)
        #expect(second.token != first.token)

        let stale = await #expect(throws: QueueError.self) { try await driver.renew(first, by: longLease) }
        #expect(stale?.code == .leaseLost)
        try await driver.complete(first)
        #expect(try await driver.stats(for: queue) == QueueStats(active: 1), "a stale lease completes nothing")
        try await driver.complete(second)
        #expect(try await driver.stats(for: queue) == QueueStats(completed: 1))
    }

    /// A failing task is retried after base × 2^(attempt−1) with its payload, then dead-lettered.
    public static func taskFailuresBackOffThenDeadLetterWithPayload(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique("hooks")
        let payload = Data(#"{"url":"http://127.0.0.1/hook"}"#.utf8)
        let policy = RetryPolicy(maxRetries: 1, baseDelay: .milliseconds(100), maxDelay: .seconds(10))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "webhook:9", payload: payload))

        let first = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        let before = Date()
        let disposition = try await driver.fail(first, error: "503 from the receiver", policy: policy)
        guard case .retry(let at, 1) = disposition else {
            Issue.record("the first failure should be retried, got \(disposition)")
            return
        }
        #expect(at >= before.addingTimeInterval(0.099), "the retry waits the base delay")
        let waiting = try #require(try await driver.entries(in: queue).first)
        #expect(waiting.key == "webhook:9" && waiting.attempts == 1 && waiting.payload == payload)

        try await ConformanceSupport.sleep(until: at)
        let second = try #require(try await claimSoon(driver, queue))
        #expect(second.key == "webhook:9" && second.entry.attempts == 1 && second.payload == payload)
        #expect(try await driver.fail(second, error: "still 503", policy: policy) == .deadLettered(attempts: 2))
        #expect(try await driver.entries(in: queue).isEmpty)
        #expect(try await driver.stats(for: queue) == QueueStats(failed: 1))
    }

    /// A task with a future `notBefore` counts as delayed and is claimable, payload and all, once due.
    public static func delayedTaskWaitsForNotBefore(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique("sync")
        let notBefore = Date().addingTimeInterval(0.3)
        let payload = Data("full".utf8)
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "source:7", payload: payload, notBefore: notBefore))

        let stats = try await driver.stats(for: queue)
        let early = try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false)
        if Date() < notBefore {
            #expect(stats == QueueStats(delayed: 1))
            #expect(early == nil, "a delayed task is not claimable early")
        }
        #expect(ConformanceSupport.close(try await driver.entries(in: queue).first?.notBefore, notBefore))
        try await ConformanceSupport.sleep(until: notBefore)
        let due = try #require(try await claimSoon(driver, queue, unless: early))
        #expect(due.key == "source:7" && due.payload == payload)
    }

    /// Tasks move like jobs (top, up, down, bottom), a paused queue hands out only forced tasks,
    /// and stats count them.
    public static func tasksMovePauseAndCount(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique("sync")
        let keys: [TaskKey] = ["source:1", "source:2", "source:3", "sweep:retention"]
        for key in keys {
            try await driver.enqueue(EnqueueRequest(queue: queue, key: key, payload: Data(key.rawValue.utf8)))
        }
        func order() async throws -> [TaskKey] { try await driver.entries(in: queue).map(\.key) }

        _ = try await driver.move(key: "sweep:retention", in: queue, .top)
        _ = try await driver.move(key: "source:1", in: queue, .down)
        _ = try await driver.move(key: "source:3", in: queue, .up)
        #expect(try await order() == ["sweep:retention", "source:2", "source:3", "source:1"])
        _ = try await driver.move(key: "sweep:retention", in: queue, .bottom)
        #expect(try await order() == ["source:2", "source:3", "source:1", "sweep:retention"])
        #expect(try await driver.move(key: "source:404", in: queue, .top) == nil)

        try await driver.setPaused(true, queue: queue)
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "source:urgent", forced: true))
        #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: false) == nil)
        let urgent = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: longLease, forcedOnly: true))
        #expect(urgent.key == "source:urgent")
        #expect(try await driver.stats(for: queue) == QueueStats(pending: 4, active: 1, paused: true))
        try await driver.setPaused(false, queue: queue)
        let rest = try await claimLeases(driver, queue)
        #expect(rest.map(\.key) == ["source:2", "source:3", "source:1", "sweep:retention"])
        #expect(rest.map(\.payload) == rest.map { Data($0.key.rawValue.utf8) as Data? })
    }
}
