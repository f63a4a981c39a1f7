import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import SpoolAPI
import SpoolCore
import SpoolDubbing
import SpoolMedia
import SpoolQueue
import SpoolSQLite
import SpoolWorker

/// Every part of the embedded backend, wired together (the composition root).
struct EmbeddedComponents: Sendable {
    let configuration: SpoolConfiguration
    let database: SQLiteDatabase
    let store: SQLiteJobStore
    let auth: SQLiteAuthStore
    let driver: SQLiteQueueDriver
    let hub: EventHub
    let running: RunningJobs
    let paths: MediaPaths
    let service: JobService
    let ytdlp: YtDlp
    let ffprobe: FFprobe
    let workers: StageWorkers
    let metrics: PrometheusCollectorRegistry
    let tools: ToolVersionCache
    let startedAt: ContinuousClock.Instant
    let logger: Logger

    /// Opens the database (migrating it), the media folders and the tools.
    static func open(_ configuration: SpoolConfiguration, logger: Logger) async throws -> EmbeddedComponents {
        let paths = MediaPaths(mediaRoot: configuration.mediaRoot, tempRoot: configuration.downloadTempDirectory)
        try paths.createDirectories()
        let database = try SQLiteDatabase.open(path: configuration.databasePath, logger: logger)
        let store = SQLiteJobStore(database: database)
        let auth = SQLiteAuthStore(database: database)
        let driver = SQLiteQueueDriver(database: database)
        // One process owns the embedded database: leases left by a previous run are stale.
        try await driver.releaseAllLeases()
        let hub = EventHub()
        let running = RunningJobs()
        let files = LocalJobFiles(paths: paths)
        let service = JobService(
            store: store,
            scheduler: QueueScheduler(driver: driver),
            events: hub,
            control: running,
            files: files,
            configuration: .init(minFreeBytes: configuration.minFreeBytes)
        )
        let ytdlp = YtDlp(configuration: .init(
            executable: configuration.ytdlpPath,
            python: configuration.ytdlpPython,
            warm: configuration.ytdlpWarm,
            extraArguments: configuration.ytdlpExtraArguments
        ), logger: logger)
        let ffprobe = FFprobe(executable: configuration.ffprobePath)
        let ffmpeg = FFmpeg(executable: configuration.ffmpegPath)
        let retryPolicy = RetryPolicy(maxRetries: configuration.maxRetries, baseDelay: configuration.retryBaseDelay)
        let download = DownloadStage(
            service: service,
            ytdlp: ytdlp,
            ffprobe: ffprobe,
            paths: paths,
            running: running,
            configuration: .init(
                retryPolicy: retryPolicy,
                stallTimeout: configuration.stallTimeout,
                stallRestarts: configuration.stallRestarts,
                requests: DownloadRequestBuilder(
                    defaultTemplate: configuration.outputTemplate ?? OutputTemplateGuard.defaultTemplate,
                    limitRate: configuration.downloadRateLimit,
                    defaultDubbingProvider: configuration.dubbingProvider
                )
            ),
            logger: logger
        )
        let dub = DubStage(
            service: service, providers: configuration.dubbing.engines(logger: logger), ffmpeg: ffmpeg, paths: paths, running: running,
            configuration: .init(retryPolicy: retryPolicy, defaultProvider: configuration.dubbingProvider), logger: logger
        )
        let mux = MuxStage(
            service: service, ffmpeg: ffmpeg, ffprobe: ffprobe, paths: paths, running: running,
            configuration: .init(retryPolicy: retryPolicy, mix: VoiceOverMix.Settings(duckingLevel: configuration.duckingLevel, loudnessTarget: configuration.normalizationLUFS)),
            logger: logger
        )
        let workers = StageWorkers(
            driver: driver,
            download: download,
            dub: dub,
            mux: mux,
            running: running,
            configuration: .init(
                downloadConcurrency: configuration.downloadConcurrency,
                dubbingConcurrency: configuration.dubbingConcurrency,
                muxingConcurrency: configuration.muxingConcurrency,
                workerID: "serve-\(ProcessInfo.processInfo.processIdentifier)"
            ),
            logger: logger
        )
        return EmbeddedComponents(
            configuration: configuration, database: database, store: store, auth: auth, driver: driver, hub: hub,
            running: running, paths: paths, service: service, ytdlp: ytdlp, ffprobe: ffprobe, workers: workers,
            metrics: PrometheusCollectorRegistry(), tools: ToolVersionCache(configuration: configuration),
            startedAt: .now, logger: logger
        )
    }

    /// Creates the first admin when there are no users; returns a generated password to print.
    func bootstrapAdmin() async throws -> String? {
        try await SpoolAPI.bootstrapAdmin(auth: auth, password: configuration.adminPassword, logger: logger, bcryptCost: UInt8(configuration.bcryptCost))
    }

    /// The HTTP application with every route.
    func application(host: String, port: Int, onListening: @escaping @Sendable (String, Int) async -> Void) -> some ApplicationProtocol {
        let jobMetrics = JobMetrics(registry: metrics, store: store, driver: driver, logger: logger)
        let dependencies = APIDependencies(
            jobService: service,
            auth: auth,
            queueDriver: driver,
            health: { await health() },
            metrics: metrics,
            refreshMetrics: { await jobMetrics.refresh() },
            configuration: .init(
                maxBodyBytes: configuration.maxBodyBytes,
                sessionTTL: configuration.sessionTTL,
                bcryptCost: UInt8(configuration.bcryptCost),
                metricsPublic: configuration.metricsPublic,
                publicDirectory: configuration.resolvedPublicDirectory,
                libraryRoot: paths.libraryRoot,
                jobDefaults: JobDefaults(
                    outputContainer: OutputContainer(rawValue: configuration.defaultContainer) ?? .mkv,
                    targetLang: configuration.targetLanguage
                )
            )
        )
        return buildApplication(dependencies, host: host, port: port, logger: logger) { port in
            await onListening(host, port)
        }
    }

    /// Dependency health for `/healthz`.
    func health() async -> HealthReport {
        let database: DependencyHealth
        let started = ContinuousClock.now
        do {
            try await store.ping()
            let elapsed = (ContinuousClock.now - started).timeInterval * 1_000
            database = DependencyHealth(status: .ok, message: "sqlite", latencyMs: elapsed)
        } catch {
            database = .down("database does not answer: \(error)")
        }
        let queue: DependencyHealth
        do {
            let stats = try await driver.stats(for: .download)
            queue = DependencyHealth(status: .ok, message: "embedded; \(stats.pending) pending, \(stats.active) active")
        } catch {
            queue = .down("queue does not answer: \(error)")
        }
        let filesystem: DependencyHealth
        do {
            let volume = try LocalJobFiles(paths: paths).volumeStatus()
            let status: HealthStatus = !volume.writable ? .down : (volume.freeBytes < configuration.minFreeBytes ? .degraded : .ok)
            filesystem = DependencyHealth(status: status, message: volume.writable ? nil : "media folders are not writable", freeBytes: volume.freeBytes, mediaRoot: paths.mediaRoot)
        } catch {
            filesystem = .down("\(error)")
        }
        let tools = await self.tools.health()
        return HealthReport(
            uptime: (ContinuousClock.now - startedAt).timeInterval,
            dependencies: .init(database: database, queue: queue, filesystem: filesystem, tools: tools)
        )
    }
}

extension SpoolConfiguration {
    /// PUBLIC_DIR, else `./Public` when it exists.
    var resolvedPublicDirectory: String? {
        if let publicDirectory { return publicDirectory }
        let local = FileManager.default.currentDirectoryPath + "/Public"
        return FileManager.default.fileExists(atPath: local + "/index.html") ? local : nil
    }
}
