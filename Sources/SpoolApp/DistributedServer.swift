import Foundation
import Hummingbird
import Logging
import Prometheus
import RESP
import ServiceLifecycle
import SpoolCore
import SpoolPostgres
import SpoolQueue
import SpoolRedis
import SpoolWorker

/// `spool gateway` and `spool worker`: one role of a distributed deployment on Redis (queues, live
/// events, stop commands, heartbeats) and PostgreSQL (jobs, events, users).
///
/// Every process changes jobs through the same ``JobService`` on the shared database, so a state
/// change and its events are stored in one transaction before they are published: a gateway that
/// was down replays what it missed from the database by event id. Redis carries the live fan-out.
public struct DistributedServer: Sendable {
    /// What this process does.
    public enum Role: Sendable, Hashable {
        /// API, live events, web UI, orchestration; no media work.
        case gateway
        /// Consumes the queues of these stages.
        case worker(Set<Stage>)
        /// Gateway and every stage in one process (`spool serve` with REDIS_URL and DATABASE_URL).
        case all

        var servesAPI: Bool {
            switch self {
            case .gateway, .all: true
            case .worker: false
            }
        }

        var stages: Set<Stage> {
            switch self {
            case .gateway: []
            case .worker(let stages): stages
            case .all: [.download, .dub, .mux]
            }
        }
    }

    /// The configuration in force.
    public let configuration: SpoolConfiguration
    /// This process's role.
    public let role: Role
    private let logger: Logger

    /// Creates the process.
    public init(configuration: SpoolConfiguration, role: Role, logger: Logger = Logger(label: "spool")) {
        self.configuration = configuration
        self.role = role
        self.logger = logger
    }

    /// Connects to PostgreSQL (migrating it) and Redis, then serves until SIGINT/SIGTERM.
    /// - Parameter onListening: called with the bound address of the API (gateway) or of `/health` (worker).
    public func run(onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) async throws {
        guard let redisURL = configuration.redisURL, let databaseURL = configuration.databaseURL else {
            throw ConfigurationError(variable: "REDIS_URL", message: "and DATABASE_URL are needed by `spool gateway` and `spool worker`")
        }
        let redis: RedisConfiguration
        do {
            redis = try RedisConfiguration(url: redisURL)
        } catch {
            throw ConfigurationError(variable: "REDIS_URL", message: "\(error)")
        }
        let postgres: PostgresDatabase.Configuration
        do {
            postgres = try PostgresDatabase.Configuration(url: databaseURL)
        } catch {
            throw ConfigurationError(variable: "DATABASE_URL", message: "\(error)")
        }
        let database = PostgresDatabase(configuration: postgres, logger: logger)
        let pool = RedisConnectionPool(configuration: redis, size: 8, logger: logger)
        let subscriber = RedisSubscriber(configuration: redis, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            group.addTask { await subscriber.run() }
            defer { group.cancelAll() }
            try await database.migrate()
            try await serve(database: database, pool: pool, subscriber: subscriber, onListening: onListening)
        }
        await subscriber.shutdown()
        await pool.shutdown()
    }

    private func serve(
        database: PostgresDatabase, pool: RedisConnectionPool, subscriber: RedisSubscriber,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) async throws {
        let prefix = configuration.redisKeyPrefix
        let paths = MediaPaths(mediaRoot: configuration.mediaRoot, tempRoot: configuration.downloadTempDirectory)
        try paths.createDirectories()
        let store = PostgresJobStore(database: database)
        let driver = RedisQueueDriver(client: pool, subscriber: subscriber, configuration: .init(keyPrefix: prefix), logger: logger)
        let bus = RedisEventBus(client: pool, subscriber: subscriber, configuration: .init(channelPrefix: ""), logger: logger)
        let running = RunningJobs()
        let remote = RedisJobControl(client: pool, subscriber: subscriber, configuration: .init(keyPrefix: prefix), logger: logger)
        let workerID = configuration.workerID ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        // A worker stops its own stages directly; a gateway asks the workers over Redis.
        let control: any JobControl
        switch role {
        case .gateway: control = remote
        case .worker: control = running
        case .all: control = EitherControl(local: running, remote: remote)
        }
        let service = JobService(
            store: store, scheduler: QueueScheduler(driver: driver), events: bus, control: control,
            files: LocalJobFiles(paths: paths), configuration: .init(minFreeBytes: configuration.minFreeBytes)
        )
        let registry = RedisWorkerRegistry(client: pool, keyPrefix: prefix, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: Background("queue wake-ups") { try await driver.run() }),
            .init(service: Background("event fan-out") { try await bus.run() }),
        ]
        if role.servesAPI {
            let gateway = GatewayParts(
                configuration: configuration, service: service, auth: PostgresAuthStore(database: database), driver: driver,
                paths: paths, metrics: PrometheusCollectorRegistry(), tools: ToolVersionCache(configuration: configuration),
                startedAt: .now, backend: "postgresql", queueBackend: "redis",
                workers: { try await registry.liveWorkers().map { "\($0.id) (\($0.stages.joined(separator: ",")), \($0.runningJobs.count) running)" } },
                pingStore: { try await database.ping() }, logger: logger
            )
            if let password = try await gateway.bootstrapAdmin() {
                Console.line("Spool created the user 'admin' with the password:\n\n    \(password)\n\nIt is shown only this once. Set SPOOL_ADMIN_PASSWORD to choose it yourself.")
            }
            // Jobs whose queue entry went missing (say, Redis lost its data) are queued again;
            // entries that exist, leased or not, are left alone.
            try await service.recover()
            let app = gateway.application(host: configuration.host, port: configuration.port) { host, port in
                Console.line("Spool \(role == .all ? "" : "gateway ")listening on http://\(host):\(port)")
                await onListening(host, port)
            }
            services.append(.init(service: app))
        }
        let stages = role.stages
        if !stages.isEmpty {
            let factory = StageFactory(configuration: configuration, service: service, paths: paths, running: running, logger: logger)
            let workers = StageWorkers(
                driver: driver,
                download: stages.contains(.download) ? factory.download() : nil,
                dub: stages.contains(.dub) ? factory.dub() : nil,
                mux: stages.contains(.mux) ? factory.mux() : nil,
                running: running,
                configuration: factory.workerConfiguration(workerID: workerID, drainTimeout: configuration.shutdownTimeout),
                logger: logger
            )
            if configuration.workerID != nil {
                // A restarted worker with a stable id takes back nothing it held: release its old leases.
                let released = try await driver.releaseLeases(heldBy: workerID)
                if released > 0 { logger.info("released leases of a previous run", metadata: ["worker.id": "\(workerID)", "count": "\(released)"]) }
            }
            let listener = RedisControlListener(client: pool, subscriber: subscriber, control: running, configuration: .init(keyPrefix: prefix), logger: logger)
            services.append(.init(service: Background("stop commands") { try await listener.run() }))
            let started = Date()
            let stageNames = stages.map(\.rawValue).sorted()
            services.append(.init(service: Background("heartbeats") {
                await registry.run { WorkerHeartbeat(id: workerID, stages: stageNames, startedAt: started, runningJobs: running.ids) }
            }))
            let names = stages.map(\.rawValue).sorted()
            let health = WorkerHealth(workerID: workerID, stages: names, running: running, store: store, startedAt: .now)
            if role != .all || configuration.healthPort != nil {
                let app = health.application(host: configuration.host, port: configuration.healthPort ?? 0, logger: logger) { host, port in
                    Console.line("Spool worker \(workerID) (\(names.joined(separator: ", "))) health on http://\(host):\(port)/health")
                    if role != .all { await onListening(host, port) }
                }
                services.append(.init(service: app))
            }
            services.append(.init(service: workers))
            if stages.contains(.download) { services.append(.init(service: YtDlpLifecycle(ytdlp: factory.ytdlp))) }
        }
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownTimeout + .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
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

/// A long-running loop as a service: cancelled when the process shuts down.
struct Background: Service {
    let name: String
    let body: @Sendable () async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.body = body
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await body()
        }
    }
}
