import Foundation
import RESP
import SpoolCore
import SpoolQueue
import SpoolRedis
import SpoolTesting
import Testing

@Suite("Redis backend across a server restart")
struct RedisRestartTests {
    @Test("entries survive a restart with AOF and the driver reconnects by itself")
    func entriesSurviveARestart() async throws {
        try await RedisFixture.with(appendOnly: true) { redis, _ in
            let driver = RedisQueueDriver(client: redis.pool, logger: quiet)
            let queue = QueueName(rawValue: "q:download")
            let ids = (0..<3).map { _ in TaskKey.randomJob() }
            for id in ids {
                try await driver.enqueue(EnqueueRequest(queue: queue, key: id))
            }
            let lease = try #require(try await driver.claim(from: queue, workerID: "w", leaseDuration: .seconds(60), forcedOnly: false))
            try await driver.setPaused(true, queue: QueueName(rawValue: "q:mux"))

            try await redis.server.restart()

            #expect(try await driver.entries(in: queue).map(\.key) == ids, "the scripts are loaded again and every entry is there")
            #expect(try await driver.stats(for: queue).active == 1, "the lease survived too")
            #expect(try await driver.stats(for: QueueName(rawValue: "q:mux")).paused)
            try await driver.complete(lease)
            #expect(try await driver.claim(from: queue, workerID: "w", leaseDuration: .seconds(60), forcedOnly: false)?.entry.key == ids[1])
        }
    }

    @Test("the event bus resubscribes after a restart")
    func eventBusResubscribes() async throws {
        try await RedisFixture.with(appendOnly: true) { redis, services in
            let bus = RedisEventBus(client: redis.pool, subscriber: redis.subscriber, logger: quiet)
            services.start { try await bus.run() }
            await bus.waitUntilListening()
            let subscription = bus.subscribe()
            try await redis.server.restart()

            let job = JobID.random()
            let reader = Task { () -> JobEvent? in
                for await event in subscription { return event }
                return nil
            }
            // The subscriber reconnects with backoff: publish until the event comes through.
            for attempt in 0..<100 {
                await bus.publish(.log(job, .info, "after restart \(attempt)"))
                try await Task.sleep(for: .milliseconds(100))
                if bus.changeVersion ?? 0 > 0 { break }
            }
            let event = await reader.value
            #expect(event?.jobId == job)
        }
    }
}
