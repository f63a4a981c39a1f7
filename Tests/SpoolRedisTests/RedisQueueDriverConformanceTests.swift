import SpoolQueue
import SpoolRedis
import SpoolTesting
import Testing

@Suite("RedisQueueDriver conformance")
struct RedisQueueDriverConformanceTests {
    @Test("real redis-server", arguments: QueueDriverConformance.checks)
    func redisServer(_ check: ConformanceCheck<QueueDriverConformance.Factory>) async throws {
        try await RedisFixture.with { redis, services in
            let driver = RedisQueueDriver(client: redis.pool, subscriber: redis.subscriber, logger: quiet)
            services.start { try await driver.run() }
            await driver.waitUntilListening()
            try await check.run { driver }
        }
    }
}
