import Foundation
import RESP
import SpoolCore
import SpoolQueue
import SpoolRedis
import SpoolTesting
import Synchronization
import Testing

/// Two "processes" (separate pools and subscribers) on one redis-server.
@Suite("Redis backend across processes")
struct RedisCrossProcessTests {
    @Test("a dead worker's lease expires and another process takes the job")
    func expiredLeaseIsTakenByAnotherProcess() async throws {
        try await RedisFixture.with { redis, _ in
            let (otherPool, otherSubscriber) = redis.peer()
            let first = RedisQueueDriver(client: redis.pool, logger: quiet)
            let second = RedisQueueDriver(client: otherPool, logger: quiet)
            let queue = QueueName(rawValue: "q:download")
            let id = TaskKey.randomJob()
            try await first.enqueue(EnqueueRequest(queue: queue, key: id))

            let dead = try #require(try await first.claim(from: queue, workerID: "dead", leaseDuration: .milliseconds(200), forcedOnly: false))
            try await Task.sleep(for: .milliseconds(400))
            let taken = try #require(try await second.claim(from: queue, workerID: "alive", leaseDuration: .seconds(60), forcedOnly: false))
            #expect(taken.entry.key == id)
            #expect(taken.workerID == "alive")
            await #expect(throws: QueueError.self) { try await first.renew(dead, by: .seconds(60)) }
            try await second.complete(taken)
            #expect(try await first.stats(for: queue) == QueueStats(completed: 1))
            await otherSubscriber.shutdown()
            await otherPool.shutdown()
        }
    }

    @Test("an enqueue on one process wakes an idle worker of another")
    func enqueueWakesAnotherProcess() async throws {
        try await RedisFixture.with { redis, services in
            let (otherPool, otherSubscriber) = redis.peer()
            services.start { await otherSubscriber.run() }
            let worker = RedisQueueDriver(client: otherPool, subscriber: otherSubscriber, logger: quiet)
            services.start { try await worker.run() }
            await worker.waitUntilListening()
            let gateway = RedisQueueDriver(client: redis.pool, logger: quiet)
            let queue = QueueName(rawValue: "q:dub")
            let woken = Atomic(false)
            let waiter = Task {
                await worker.waitForWork(in: queue, timeout: .seconds(60))
                woken.store(true, ordering: .sequentiallyConsistent)
            }
            for _ in 0..<50 where !woken.load(ordering: .sequentiallyConsistent) {
                try await gateway.enqueue(EnqueueRequest(queue: queue, key: TaskKey.randomJob()))
                try await Task.sleep(for: .milliseconds(100))
            }
            await waiter.value
            let wasWoken = woken.load(ordering: .sequentiallyConsistent)
            #expect(wasWoken, "woken by the other process's enqueue, not the 60 s timeout")
            await otherSubscriber.shutdown()
            await otherPool.shutdown()
        }
    }

    @Test("releaseLeases(heldBy:) hands back only that worker's leases")
    func releaseLeasesOfOneWorker() async throws {
        try await RedisFixture.with { redis, _ in
            let driver = RedisQueueDriver(client: redis.pool, logger: quiet)
            let queue = QueueName(rawValue: "q:mux")
            let a = TaskKey.randomJob(), b = TaskKey.randomJob()
            try await driver.enqueue(EnqueueRequest(queue: queue, key: a))
            try await driver.enqueue(EnqueueRequest(queue: queue, key: b))
            _ = try await driver.claim(from: queue, workerID: "restarted", leaseDuration: .seconds(60), forcedOnly: false)
            let kept = try #require(try await driver.claim(from: queue, workerID: "busy", leaseDuration: .seconds(60), forcedOnly: false))

            #expect(try await driver.releaseLeases(heldBy: "restarted") == 1)
            #expect(try await driver.claim(from: queue, workerID: "next", leaseDuration: .seconds(60), forcedOnly: false)?.entry.key == a)
            #expect(try await driver.releaseExpiredLeases() == 0)
            let renewed = try await driver.renew(kept, by: .seconds(60))
            #expect(renewed.entry.key == b, "the busy worker's lease must survive")
        }
    }

    @Test("a stop published on one process reaches the control of the process running the job")
    func stopReachesTheRunningWorker() async throws {
        try await RedisFixture.with { redis, services in
            let (otherPool, otherSubscriber) = redis.peer()
            services.start { await otherSubscriber.run() }
            let running = RecordingControl(running: [JobID("job-1")])
            let listener = RedisControlListener(client: otherPool, subscriber: otherSubscriber, control: running, logger: quiet)
            services.start { try await listener.run() }
            await listener.waitUntilListening()
            let control = RedisJobControl(client: redis.pool, subscriber: redis.subscriber, logger: quiet)

            #expect(await control.stop(JobID("job-1"), reason: .pause))
            #expect(running.stops == [JobID("job-1"): .pause])
            #expect(await control.stop(JobID("elsewhere"), reason: .cancel) == false, "no worker runs it")
            await otherSubscriber.shutdown()
            await otherPool.shutdown()
        }
    }

    @Test("nobody listening: stop returns false at once")
    func stopWithoutListeners() async throws {
        try await RedisFixture.with { redis, _ in
            let control = RedisJobControl(client: redis.pool, subscriber: redis.subscriber, logger: quiet)
            #expect(await control.stop(JobID.random(), reason: .cancel) == false)
        }
    }
}

/// A local ``JobControl`` that runs the given jobs and records the stops it receives.
final class RecordingControl: JobControl {
    private let state: Mutex<(running: Set<JobID>, stops: [JobID: StopReason])>

    init(running: Set<JobID>) {
        state = Mutex((running, [:]))
    }

    var stops: [JobID: StopReason] { state.withLock { $0.stops } }

    func stop(_ id: JobID, reason: StopReason) async -> Bool {
        state.withLock { state in
            guard state.running.contains(id) else { return false }
            state.stops[id] = reason
            return true
        }
    }
}
