import Logging
import RESP
import SpoolRedis
import SpoolTesting

/// A real redis-server with a pool and a running subscriber, for one test.
struct RedisFixture: Sendable {
    let server: RedisServerProcess
    let configuration: RedisConfiguration
    let pool: RedisConnectionPool
    let subscriber: RedisSubscriber

    /// Another process's view of the same server: its own pool and subscriber.
    func peer() -> (RedisConnectionPool, RedisSubscriber) {
        (RedisConnectionPool(configuration: configuration), RedisSubscriber(configuration: configuration, logger: quiet))
    }

    /// Runs `body` with a fresh server; background services started through `services` are
    /// cancelled and everything is shut down afterwards.
    static func with<T: Sendable>(appendOnly: Bool = false, _ body: @Sendable (RedisFixture, BackgroundServices) async throws -> T) async throws -> T {
        try await RedisServerProcess.withServer(appendOnly: appendOnly) { server in
            var configuration = try RedisConfiguration(url: server.url)
            configuration.connectRetryTimeout = .seconds(20)
            let fixture = RedisFixture(
                server: server, configuration: configuration,
                pool: RedisConnectionPool(configuration: configuration), subscriber: RedisSubscriber(configuration: configuration, logger: quiet)
            )
            let services = BackgroundServices()
            services.start { await fixture.subscriber.run() }
            defer { services.cancelAll() }
            let result = try await body(fixture, services)
            services.cancelAll()
            await fixture.subscriber.shutdown()
            await fixture.pool.shutdown()
            return result
        }
    }
}

let quiet = Logger(label: "spool.redis.tests", factory: { _ in SwiftLogNoOpLogHandler() })
