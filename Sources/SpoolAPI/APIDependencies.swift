import Prometheus
import SpoolCore
import SpoolQueue

/// Everything the HTTP API needs, handed over by the composition root.
public struct APIDependencies: Sendable {
    /// The use cases behind the job routes.
    public let jobService: JobService
    /// Users and tokens.
    public let auth: any AuthStore
    /// The queue backend, for `/api/queue` counters.
    public let queueDriver: any JobQueueDriver
    /// Produces the `/healthz` report.
    public let health: @Sendable () async -> HealthReport
    /// The Prometheus registry `/metrics` exposes; the API adds its HTTP and connection metrics.
    public let metrics: PrometheusCollectorRegistry
    /// Brings gauges that are read from the store up to date; runs before each `/metrics` scrape.
    public let refreshMetrics: @Sendable () async -> Void
    /// Limits and options.
    public let configuration: Configuration
    /// Called on a sign that someone is using Spool interactively (a web UI or other live-events
    /// connection): the host starts what is not running while idle (the warm yt-dlp). A login is no
    /// such sign: the CLI logs in once, and a script that logs in may only add plain media files,
    /// which need no yt-dlp. Must return at once.
    public let onActivity: @Sendable () -> Void
    /// The use cases behind `/api/sources`, `/api/profiles` and `/api/archive`; nil serves none of them.
    public let archive: ArchiveService?
    /// Lists a source's videos for `POST /api/sources/preview`; nil answers the preview with `500`.
    public let lister: (any MediaLister)?
    /// The processing profiles behind `/api/processing/profiles` and the `process` of jobs and
    /// download profiles; nil serves none of them (a `process` is then refused).
    public let processingProfiles: ProcessingProfiles?
    /// This process's hardware encoders, behind `/api/hw`; nil leaves those routes out.
    public let hardware: HardwareEncoders?
    /// The storage whose links `GET /api/jobs/{id}/file` follows for files in buckets; nil when no
    /// storage target is configured (local files are served from the library either way).
    public let mediaStorage: (any MediaStorage)?
    /// The retention of the library and the sources, behind `/api/retention`; nil leaves it out.
    public let retention: RetentionService?
    /// The batches behind `/api/batches` and seed 003's `/api/v1/jobs`; nil leaves them out.
    public let batches: BatchService?
    /// Webhook subscriptions, their delivery log and test messages, behind `/api/webhooks`, and
    /// the job-scoped subscriptions of `notificationWebhook`; nil leaves them out.
    public let notifications: NotificationService?
    /// The audit log every mutating call is recorded in, behind `GET /api/audit`; nil records
    /// nothing and leaves the route out.
    public let audit: (any AuditStore)?

    /// Creates the dependencies.
    ///
    /// - Parameters:
    ///   - jobService: The job use cases; its store and event bus serve the read and live-event routes.
    ///   - auth: Users and tokens.
    ///   - queueDriver: The queue backend (for counters only).
    ///   - health: The health probe behind `/healthz`.
    ///   - metrics: The registry to expose and to register the API's metrics in.
    ///   - configuration: Limits and options.
    ///   - archive: Followed sources and profiles; nil leaves their routes out.
    ///   - lister: The listing behind the source preview.
    ///   - processingProfiles: Shipped and stored processing profiles; nil leaves their routes out.
    ///   - hardware: The hardware-encoder registry shared with the PROCESSING stage; nil leaves `/api/hw` out.
    ///   - mediaStorage: The library and buckets, for links to objects; nil when there are no buckets.
    ///   - retention: The retention of the library and the sources; nil leaves `/api/retention` out.
    ///   - batches: The batches behind `/api/batches` and `/api/v1/jobs`; nil leaves them out.
    ///   - notifications: Webhooks; nil leaves `/api/webhooks` out (and refuses `notificationWebhook`).
    ///   - audit: The audit log; nil records nothing and leaves `/api/audit` out.
    public init(
        jobService: JobService,
        auth: any AuthStore,
        queueDriver: any JobQueueDriver,
        health: @escaping @Sendable () async -> HealthReport,
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        refreshMetrics: @escaping @Sendable () async -> Void = {},
        configuration: Configuration = Configuration(),
        onActivity: @escaping @Sendable () -> Void = {},
        archive: ArchiveService? = nil,
        lister: (any MediaLister)? = nil,
        processingProfiles: ProcessingProfiles? = nil,
        hardware: HardwareEncoders? = nil,
        mediaStorage: (any MediaStorage)? = nil,
        retention: RetentionService? = nil,
        batches: BatchService? = nil,
        notifications: NotificationService? = nil,
        audit: (any AuditStore)? = nil
    ) {
        self.audit = audit
        self.batches = batches
        self.notifications = notifications
        self.mediaStorage = mediaStorage
        self.retention = retention
        self.processingProfiles = processingProfiles
        self.hardware = hardware
        self.onActivity = onActivity
        self.archive = archive
        self.lister = lister
        self.refreshMetrics = refreshMetrics
        self.jobService = jobService
        self.auth = auth
        self.queueDriver = queueDriver
        self.health = health
        self.metrics = metrics
        self.configuration = configuration
    }

    /// The job store (the job service's).
    public var store: any JobStore { jobService.store }

    /// The live event bus (the job service's).
    public var events: any EventBus { jobService.events }
}
