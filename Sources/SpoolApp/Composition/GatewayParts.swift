import Foundation
import Hummingbird
import Logging
import Prometheus
import SpoolAPI
import SpoolCore
import SpoolQueue
import SpoolStorage

/// What the HTTP API of a process needs, whichever backend holds the jobs: the job service, the
/// users, the queue, and how to check the dependencies for `/healthz`.
struct GatewayParts: Sendable {
    let configuration: SpoolConfiguration
    let service: JobService
    let auth: any AuthStore
    let driver: any JobQueueDriver
    let storage: LocalMediaStorage
    let metrics: PrometheusCollectorRegistry
    let tools: ToolVersionCache
    let startedAt: ContinuousClock.Instant
    /// `sqlite` or `postgresql`, for `/healthz`.
    let backend: String
    /// `embedded` or `redis`, for `/healthz`.
    let queueBackend: String
    /// Live workers of a distributed deployment (heartbeats), nil in the embedded mode.
    let workers: (@Sendable () async throws -> [String])?
    let pingStore: @Sendable () async throws -> Void
    /// A sign of use from the API (a live-events connection); see ``APIDependencies/onActivity``.
    var onActivity: @Sendable () -> Void = {}
    /// Followed sources and profiles, and the listing behind the add dialog's preview; nil leaves
    /// their routes out.
    var archive: (service: ArchiveService, lister: any MediaLister)?
    /// Processing profiles and hardware encoders; nil leaves their routes out.
    var processing: ProcessingParts?
    /// The library and buckets, for links to objects; nil when no storage target is configured.
    var mediaStorage: (any MediaStorage)?
    /// The retention of the library and the sources, behind `/api/retention`; nil leaves it out.
    var retention: RetentionService?
    /// The batches behind `/api/batches` and `/api/v1/jobs`; nil leaves them out.
    var batches: BatchService?
    /// Webhook subscriptions and the delivery log, behind `/api/webhooks`; nil leaves them out.
    var notifications: NotificationService?
    /// The audit log, behind `/api/audit`; nil records nothing.
    var audit: (any AuditStore)?
    /// The deployment's key for file links (see ``Backend/sharedSecret``); nil makes one per process.
    var fileLinkKey: [UInt8]?
    let logger: Logger

    /// Creates the first admin when there are no users; returns a generated password to print.
    func bootstrapAdmin() async throws -> String? {
        try await SpoolAPI.bootstrapAdmin(auth: auth, password: configuration.server.adminPassword, logger: logger, bcryptCost: UInt8(configuration.server.bcryptCost))
    }

    /// The HTTP application with every route.
    func application(host: String, port: Int, onListening: @escaping @Sendable (String, Int) async -> Void) -> some ApplicationProtocol {
        let jobMetrics = JobMetrics(
            registry: metrics, store: service.store, driver: driver, stages: service.stages,
            storage: storage, minFreeBytes: configuration.storage.minFreeBytes, workers: workers, logger: logger
        )
        let archiveMetrics = archive.map { ArchiveMetrics(registry: metrics, sources: $0.service.store, jobs: service.store, driver: driver, logger: logger) }
        let dependencies = APIDependencies(
            jobService: service,
            auth: auth,
            queueDriver: driver,
            health: { await health() },
            metrics: metrics,
            refreshMetrics: {
                await jobMetrics.refresh()
                await archiveMetrics?.refresh()
            },
            configuration: .init(
                maxBodyBytes: configuration.server.maxBodyBytes,
                loginRateLimit: configuration.server.loginFailuresPerUser,
                loginAddressRateLimit: configuration.server.loginFailuresPerAddress,
                sessionTTL: configuration.server.sessionTTL,
                bcryptCost: UInt8(configuration.server.bcryptCost),
                metricsPublic: configuration.server.metricsPublic,
                publicDirectory: configuration.server.resolvedPublicDirectory,
                libraryRoot: storage.paths.libraryRoot,
                fileLinkKey: fileLinkKey,
                jobDefaults: JobDefaults(
                    outputContainer: OutputContainer(rawValue: configuration.download.defaultContainer) ?? .mkv,
                    targetLang: configuration.dubbing.targetLanguage
                )
            ).with(edge: configuration.edge).with(transmission: TransmissionConfiguration(
                hostWhitelist: configuration.server.transmissionHostWhitelist + configuration.edge.allowedHosts, bindHost: host, downloadConcurrency: configuration.download.concurrency,
                version: "Spool \(SpoolVersion.current) (Transmission RPC 17)"
            )).with(tracesRequests: configuration.tracing.endpoint != nil),
            onActivity: onActivity,
            archive: archive?.service,
            lister: archive?.lister,
            processingProfiles: processing?.profiles,
            hardware: processing?.hardware,
            mediaStorage: mediaStorage,
            retention: retention,
            batches: batches,
            notifications: notifications,
            audit: audit
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
            try await pingStore()
            let elapsed = (ContinuousClock.now - started).timeInterval * 1_000
            database = DependencyHealth(status: .ok, message: backend, latencyMs: elapsed)
        } catch {
            database = .down("database does not answer: \(error)")
        }
        let queue: DependencyHealth
        do {
            let stats = try await driver.stats(for: .download)
            var message = "\(queueBackend); \(stats.pending) pending, \(stats.active) active"
            if let workers {
                let live = try await workers()
                message += "; workers: " + (live.isEmpty ? "none" : live.joined(separator: ", "))
            }
            queue = DependencyHealth(status: .ok, message: message)
        } catch {
            queue = .down("queue does not answer: \(error)")
        }
        let filesystem: DependencyHealth
        do {
            let volume = try storage.volumeStatus()
            let status: HealthStatus = !volume.writable ? .down : (volume.freeBytes < configuration.storage.minFreeBytes ? .degraded : .ok)
            filesystem = DependencyHealth(status: status, message: volume.writable ? nil : "media folders are not writable", freeBytes: volume.freeBytes, mediaRoot: storage.paths.mediaRoot)
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
