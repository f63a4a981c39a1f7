import Foundation
import Logging
import RESP
import SpoolCore
import SpoolPostgres
import SpoolQueue
import SpoolRedis
import SpoolWorker

extension Backend {
    /// PostgreSQL holds jobs, events, users and sources (every process writes through the same store, so a
    /// state change and its events commit together); Redis carries the queues, the live fan-out,
    /// stop commands and worker heartbeats.
    static func distributed(_ configuration: SpoolConfiguration, logger: Logger) throws -> Backend {
        let settings = configuration.distributed
        guard let redisURL = settings.redisURL, let databaseURL = settings.databaseURL else {
            throw ConfigurationError(variable: "REDIS_URL", message: "and DATABASE_URL are needed by `spool gateway` and `spool worker`")
        }
        var redis: RedisConfiguration
        do {
            redis = try RedisConfiguration(url: redisURL)
        } catch {
            throw ConfigurationError(variable: "REDIS_URL", message: "\(error)")
        }
        redis.tlsCAFile = settings.redisTLSCAFile
        let postgres: PostgresDatabase.Configuration
        do {
            postgres = try PostgresDatabase.Configuration(url: databaseURL)
        } catch {
            throw ConfigurationError(variable: "DATABASE_URL", message: "\(error)")
        }
        let prefix = settings.redisKeyPrefix
        let database = PostgresDatabase(configuration: postgres, logger: logger)
        let pool = RedisConnectionPool(configuration: redis, size: 8, logger: logger)
        let subscriber = RedisSubscriber(configuration: redis, logger: logger)
        let store = PostgresJobStore(database: database)
        let driver = RedisQueueDriver(client: pool, subscriber: subscriber, configuration: .init(keyPrefix: prefix), logger: logger)
        let bus = RedisEventBus(client: pool, subscriber: subscriber, configuration: .init(channelPrefix: ""), logger: logger)
        let remote = RedisJobControl(client: pool, subscriber: subscriber, configuration: .init(keyPrefix: prefix), logger: logger)
        let registry = RedisWorkerRegistry(client: pool, keyPrefix: prefix, logger: logger)
        return Backend(
            store: store, auth: PostgresAuthStore(database: database), sources: PostgresSourceStore(database: database),
            processingProfiles: PostgresProcessingProfileStore(database: database), batches: PostgresBatchStore(database: database),
            notifications: PostgresNotificationStore(database: database), audit: PostgresAuditStore(database: database), driver: driver, events: bus,
            storeName: "postgresql", queueName: "redis",
            resources: [
                Background("postgresql pool") { await database.run() },
                Background("redis subscriber") { await subscriber.run() },
                Background("queue wake-ups") { try await driver.run() },
                Background("event fan-out") { try await bus.run() },
            ],
            prepare: { role, workerID in
                try await database.migrate()
                if role.stages != [], settings.workerID != nil {
                    // A restarted worker with a stable id takes back nothing it held: release its old leases.
                    let released = try await driver.releaseLeases(heldBy: workerID)
                    if released > 0 { logger.info("released leases of a previous run", metadata: ["worker.id": "\(workerID)", "count": "\(released)"]) }
                }
            },
            close: {
                await subscriber.shutdown()
                await pool.shutdown()
            },
            ping: { try await database.ping() },
            control: { role, running in
                // A worker stops its own stages directly; a gateway asks the workers over Redis.
                switch role {
                case .gateway: remote
                case .worker: running
                case .all: EitherControl(local: running, remote: remote)
                }
            },
            workerServices: { worker, running in
                let listener = RedisControlListener(client: pool, subscriber: subscriber, control: running, configuration: .init(keyPrefix: prefix), logger: logger)
                let started = Date()
                return [
                    Background("stop commands") { try await listener.run() },
                    Background("heartbeats") {
                        await registry.run { WorkerHeartbeat(id: worker.id, stages: worker.stages, startedAt: started, runningJobs: running.ids) }
                    },
                ]
            },
            liveWorkers: { try await registry.liveWorkers().map { "\($0.id) (\($0.stages.joined(separator: ",")), \($0.runningJobs.count) running)" } },
            sharedSecret: { name in
                // The first gateway's bytes win (SET NX); everyone reads what is there.
                let key = "\(prefix)secret:\(name)"
                let proposal = Data(randomSecret()).base64EncodedString()
                _ = try await pool.send(RedisCommand("SET", key, proposal, "NX"))
                guard let stored = try await pool.send(RedisCommand("GET", key)).string, let bytes = Data(base64Encoded: stored), bytes.count == 32 else {
                    throw ConfigurationError(variable: "REDIS_URL", message: "holds no usable shared secret at \(key)")
                }
                return Array(bytes)
            }
        )
    }
}

/// Stops a job here if it runs here, else asks the other workers over Redis.
struct EitherControl: JobControl {
    let local: RunningJobs
    let remote: RedisJobControl

    func stop(_ id: JobID, reason: StopReason) async -> Bool {
        if await local.stop(id, reason: reason) { return true }
        return await remote.stop(id, reason: reason)
    }
}
