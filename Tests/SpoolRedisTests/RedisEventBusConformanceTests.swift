import SpoolCore
import SpoolRedis
import SpoolTesting
import Testing

@Suite("RedisEventBus conformance")
struct RedisEventBusConformanceTests {
    @Test("real redis-server", arguments: EventBusConformance.checks)
    func redisServer(_ check: ConformanceCheck<EventBusConformance.Factory>) async throws {
        try await RedisFixture.with { redis, services in
            try await check.run(EventBusConformance.Factory(propagationDelay: .milliseconds(100)) { capacity in
                let bus = RedisEventBus(client: redis.pool, subscriber: redis.subscriber, configuration: .init(capacity: capacity), logger: quiet)
                services.start { try await bus.run() }
                await bus.waitUntilListening()
                return bus
            })
        }
    }
}
