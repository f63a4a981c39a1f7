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
        let stages = StageFactory(configuration: configuration, service: service, paths: paths, running: running, logger: logger)
        let ytdlp = stages.ytdlp
        let ffprobe = stages.ffprobe
        let workers = StageWorkers(
            driver: driver,
            download: stages.download(),
            dub: stages.dub(),
            mux: stages.mux(),
            running: running,
            configuration: stages.workerConfiguration(workerID: "serve-\(ProcessInfo.processInfo.processIdentifier)"),
            logger: logger
        )
        return EmbeddedComponents(
            configuration: configuration, database: database, store: store, auth: auth, driver: driver, hub: hub,
            running: running, paths: paths, service: service, ytdlp: ytdlp, ffprobe: ffprobe, workers: workers,
            metrics: PrometheusCollectorRegistry(), tools: ToolVersionCache(configuration: configuration),
            startedAt: .now, logger: logger
        )
    }

    /// The API side of this process.
    var gateway: GatewayParts {
        GatewayParts(
            configuration: configuration, service: service, auth: auth, driver: driver, paths: paths, metrics: metrics,
            tools: tools, startedAt: startedAt, backend: "sqlite", queueBackend: "embedded", workers: nil,
            pingStore: { try await store.ping() }, logger: logger
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
