import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import SpoolCore
import SpoolMedia
import SpoolNotify
import SpoolQueue
import SpoolStorage
import SpoolWorker

/// The one composition root: builds every mode — `spool serve` (embedded or distributed),
/// `spool gateway`, `spool worker --stage …` — from a ``Backend``, the stage registry and the
/// configuration, as one ServiceGroup: the backend's resources first (stopped last), then the
/// API, the workers and the warm yt-dlp once the backend is ready.
public struct SpoolServer: Sendable {
    /// The configuration in force.
    public let configuration: SpoolConfiguration
    /// What this process does.
    public let role: ProcessRole
    private let logger: Logger

    /// Creates the process: `role` on the backend the configuration selects.
    public init(configuration: SpoolConfiguration, role: ProcessRole = .all, logger: Logger = Logger(label: "spool")) {
        self.configuration = configuration
        self.role = role
        self.logger = logger
    }

    /// Sets up logging, then runs `role` until SIGINT/SIGTERM.
    public static func run(_ configuration: SpoolConfiguration, role: ProcessRole) async throws {
        LoggingSetup.bootstrap(level: configuration.logging.level, format: configuration.logging.format)
        var logger = Logger(label: "spool")
        logger.logLevel = configuration.logging.level
        try await SpoolServer(configuration: configuration, role: role, logger: logger).run()
    }

    /// Opens the backend and serves until SIGINT/SIGTERM.
    /// - Parameter onListening: called with the bound address of the API, or of a worker's `/health`.
    public func run(onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) async throws {
        guard role == .all || configuration.isDistributed else {
            throw ConfigurationError(variable: "REDIS_URL", message: "and DATABASE_URL are needed by `spool gateway` and `spool worker`")
        }
        if role.servesAPI {
            // A missing, unreadable or mismatched certificate stops the start with its reason.
            _ = try configuration.edge.tlsConfiguration()
        }
        let backend = configuration.isDistributed
            ? try Backend.distributed(configuration, logger: logger)
            : try Backend.embedded(configuration, logger: logger)
        let distributed = configuration.distributed
        let workerID = configuration.isDistributed
            ? distributed.workerID ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
            : "serve-\(ProcessInfo.processInfo.processIdentifier)"
        let main = AfterPreparation { [self] in
            try await backend.prepare(role, workerID)
            return try await services(on: backend, workerID: workerID, onListening: onListening)
        }
        // The span exporter stops last (services stop in reverse order), so the last spans go out.
        let tracing: [any Service] = TracingSetup.start(configuration.tracing, logger: logger).map { [$0] } ?? []
        var group = ServiceGroupConfiguration(services: tracing + backend.resources + [main], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        if configuration.isDistributed {
            group.maximumGracefulShutdownDuration = distributed.shutdownTimeout + .seconds(10)
        }
        var failure: (any Error)?
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            failure = error
        }
        // Pools live outside the group: closed once it has stopped, however it stopped.
        await backend.close()
        if let failure { throw failure }
    }

    /// The process's own services on a ready backend: the API, the stage workers and what they need.
    private func services(
        on backend: Backend, workerID: String, onListening: @escaping @Sendable (String, Int) async -> Void
    ) async throws -> [any Service] {
        let storage = LocalMediaStorage(paths: configuration.storage.mediaPaths)
        try storage.paths.createDirectories()
        let objects = try configuration.objectStorage.objectStorage()
        let media: any MediaStorage = objects.map { TieredMediaStorage(local: storage, objects: $0) } ?? storage
        let running = RunningJobs()
        let registry = SpoolStages.registry
        // Custom formats are parsed by yt-dlp on submission, through the downloads' warm runner.
        let formats = YtDlpFormatValidator(timeout: configuration.tools.formatCheckTimeout, logger: logger)
        let service = JobService(
            store: backend.store, scheduler: QueueScheduler(driver: backend.driver), events: backend.events,
            control: backend.control(role, running), files: media,
            configuration: .init(minFreeBytes: configuration.storage.minFreeBytes, storageTargets: objects?.targets ?? StorageTargets(), formats: formats),
            stages: registry.catalog
        )
        let syncs = QueueSourceSyncScheduler(driver: backend.driver)
        let processing = ProcessingParts(store: backend.processingProfiles, configuration: configuration)
        let archive = ArchiveService(store: backend.sources, jobs: service, syncs: syncs, processing: processing.profiles)
        var services: [any Service] = []
        let factory = StageFactory(
            configuration: configuration, service: service, archive: archive, hardware: processing.hardware,
            local: storage, objects: objects, running: running, notifications: backend.notifications, audit: backend.audit,
            logger: logger
        )
        formats.use(factory.ytdlp)
        let stages = registry.workers(for: role.stages, context: factory)
        if stages.contains(where: { $0.definition.stage == .process }) {
            // Where transcodes run, test the hardware encoders now (about a second), so the first
            // one does not wait for it; a gateway alone tests on its first GET /api/hw.
            let hardware = factory.hardware
            Task { _ = await hardware.report() }
        }
        let downloads = stages.contains { $0.definition.stage == .download }
        let schedulesMaintenance = role.servesAPI && configuration.maintenance.interval > .zero
        if role.servesAPI {
            // In one process with the download stage, a web UI (live-events) connection wakes the warm yt-dlp.
            let ytdlp = downloads ? factory.ytdlp : nil
            let onActivity: @Sendable () -> Void = {
                guard let ytdlp else { return }
                Task { await ytdlp.noteActivity() }
            }
            let metrics = PrometheusCollectorRegistry()
            services.append(try await gateway(
                on: backend, service: service, storage: storage, media: objects == nil ? nil : media, metrics: metrics,
                archive: (archive, factory.lister), processing: processing,
                retention: factory.retention, onActivity: onActivity, onListening: onListening
            ))
            services.append(JobOutcomeMetrics(registry: metrics, events: service.events))
            services.append(QueuePauseFollower(events: service.events, pauses: service.pauses, store: service.store, logger: logger))
            services.append(SourceProgressRelay(archive: archive, logger: logger))
            // … turns the event log into webhook, script and Apprise deliveries on q:generic.
            services.append(notificationDispatcher(backend: backend, service: service))
            // One process per deployment plans the source checks: the one serving the API.
            services.append(SourceCheckScheduler(
                store: backend.sources, syncs: syncs, clock: service.clock,
                configuration: .init(fastCheckInterval: configuration.archive.fastCheckInterval.timeInterval), logger: logger
            ))
            // … and queues the maintenance tasks on q:generic.
            if schedulesMaintenance {
                services.append(MaintenanceScheduler(
                    tasks: SpoolMaintenance.catalog(factory).names, driver: backend.driver, clock: service.clock,
                    configuration: .init(interval: configuration.maintenance.interval.timeInterval), logger: logger
                ))
            }
        }
        let runsJobs = stages.contains { [.download, .dub, .mux, .process].contains($0.definition.stage) }
        let sweepsSoon = schedulesMaintenance && stages.contains { $0.definition.stage == .generic }
        if runsJobs, !sweepsSoon {
            // Work folders a crash left behind on this machine go at start (where this process
            // queues and runs the maintenance itself, its first scheduled sweep does this).
            let sweep = SpoolMaintenance.tempSweep(factory)
            services.append(Background("temp-sweep") { [logger] in
                do {
                    MaintenanceHandler.log(try await sweep.run(dryRun: false), to: logger)
                } catch {
                    logger.warning("temp sweep failed", metadata: ["error": "\(error)"])
                }
            })
        }
        guard !stages.isEmpty else { return services }
        let names = stages.map(\.definition.stage.rawValue).sorted()
        let worker = WorkerIdentity(id: workerID, stages: names, startedAt: .now)
        services += backend.workerServices(worker, running)
        if configuration.isDistributed, role != .all || configuration.distributed.healthPort != nil {
            services.append(workerHealth(worker, on: backend, running: running, onListening: onListening))
        }
        let drain = configuration.isDistributed ? configuration.distributed.shutdownTimeout : .zero
        // Services stop in reverse order: the warm yt-dlp (whose fork server runs the downloads)
        // stops only after the workers have drained.
        if stages.contains(where: { $0.definition.stage == .download || $0.definition.stage == .sync }) {
            services.append(YtDlpLifecycle(ytdlp: factory.ytdlp))
        }
        services.append(StageWorkers(
            driver: backend.driver, stages: stages, running: running,
            configuration: .init(leaseDuration: configuration.retries.leaseDuration, workerID: workerID, drainTimeout: drain),
            logger: logger
        ))
        return services
    }

    /// The HTTP API, after creating the first admin and re-queuing interrupted work.
    private func gateway(
        on backend: Backend, service: JobService, storage: LocalMediaStorage, media: (any MediaStorage)?,
        metrics: PrometheusCollectorRegistry,
        archive: (service: ArchiveService, lister: any MediaLister),
        processing: ProcessingParts, retention: RetentionService,
        onActivity: @escaping @Sendable () -> Void,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) async throws -> any Service {
        var gateway = GatewayParts(
            configuration: configuration, service: service, auth: backend.auth, driver: backend.driver,
            storage: storage, metrics: metrics, tools: ToolVersionCache(configuration: configuration),
            startedAt: .now, backend: backend.storeName, queueBackend: backend.queueName,
            workers: backend.liveWorkers, pingStore: backend.ping, logger: logger
        )
        gateway.onActivity = onActivity
        gateway.archive = archive
        gateway.processing = processing
        gateway.mediaStorage = media
        gateway.retention = retention
        let notifications = NotificationService(
            store: backend.notifications, transport: configuration.notifications.webhookTransport(logger: logger), clock: service.clock
        )
        gateway.notifications = notifications
        gateway.audit = backend.audit
        gateway.batches = BatchService(jobs: service, store: backend.batches, notifications: notifications)
        gateway.fileLinkKey = try await backend.sharedSecret("file-links")
        if let password = try await gateway.bootstrapAdmin() {
            Console.line("""
            Spool created the user 'admin' with the password:

                \(password)

            It is shown only this once. Set SPOOL_ADMIN_PASSWORD to choose it yourself.
            """)
        }
        // Jobs whose queue entry went missing (a crash, or Redis lost its data) are queued again;
        // entries that exist, leased or not, are left alone.
        try await service.recover()
        let server = configuration.server
        let label = role == .gateway ? "gateway " : ""
        let scheme = configuration.edge.tlsCertificateFile == nil ? "http" : "https"
        return gateway.application(host: server.host, port: server.port) { host, port in
            Console.line("Spool \(label)listening on \(scheme)://\(host):\(port)")
            await onListening(host, port)
        }
    }

    /// A worker's `/health` (on HEALTH_PORT, or a free port).
    private func workerHealth(
        _ worker: WorkerIdentity, on backend: Backend, running: RunningJobs, onListening: @escaping @Sendable (String, Int) async -> Void
    ) -> any Service {
        let health = WorkerHealth(workerID: worker.id, stages: worker.stages, running: running, ping: backend.ping, startedAt: worker.startedAt)
        let role = self.role
        return health.application(host: configuration.server.host, port: configuration.distributed.healthPort ?? 0, logger: logger) { host, port in
            Console.line("Spool worker \(worker.id) (\(worker.stages.joined(separator: ", "))) health on http://\(host):\(port)/health")
            if role != .all { await onListening(host, port) }
        }
    }
}

extension SpoolServer {
    /// The notifier of the process that serves the API, with the built-in channels configured;
    /// says so in the log when APPRISE_URLS is set but the `apprise` command is missing.
    fileprivate func notificationDispatcher(backend: Backend, service: JobService) -> NotificationDispatcher {
        let settings = configuration.notifications
        if !settings.appriseURLs.isEmpty, ExecutableLocator.locate(settings.apprisePath) == nil {
            logger.warning(
                "APPRISE_URLS is set but the apprise command was not found; Apprise messages will fail (pip install apprise, or set APPRISE_PATH)",
                metadata: ["apprise.path": "\(settings.apprisePath)"]
            )
        }
        return NotificationDispatcher(
            notifications: backend.notifications, jobs: service.store, events: service.events, driver: backend.driver, clock: service.clock,
            configuration: .init(channels: settings.channels), logger: logger
        )
    }
}
