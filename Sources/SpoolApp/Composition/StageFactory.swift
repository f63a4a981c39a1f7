import Foundation
import Logging
import SpoolCore
import SpoolMedia
import SpoolNotify
import SpoolQueue
import SpoolStorage
import SpoolWorker

/// What the stage handlers are made from: the configuration, the job service, and the adapters
/// behind the core's ports (media tools from SpoolMedia, storage from SpoolStorage).
/// The context of ``SpoolStages``' registrations, for `spool serve` and `spool worker` alike.
struct StageFactory: Sendable {
    let configuration: SpoolConfiguration
    let service: JobService
    /// Followed sources, for the sync stage.
    let archive: ArchiveService
    /// Work folders and the library, and objects in buckets when targets are configured.
    let storage: any MediaStorage
    /// The local work folders and library (what the temp sweep lists).
    let local: LocalMediaStorage
    /// The storage targets' buckets; nil when none is configured.
    let objects: (any ObjectStorage)?
    let running: RunningJobs
    let logger: Logger
    /// yt-dlp (with its warm start, YTDLP_START); used by the download stage.
    let ytdlp: YtDlp
    let prober: FFprobeProber
    let processor: FFmpegProcessor
    /// Politeness towards the sites sources list from (shared by this process's checks).
    let gate: SiteGate
    /// This process's hardware encoders, tested at start when it runs transcodes and on demand (shared with the API).
    let hardware: HardwareEncoders
    /// Webhook subscriptions and the delivery log.
    let notifications: any NotificationStore
    /// The audit log, pruned by the maintenance.
    let audit: any AuditStore

    init(
        configuration: SpoolConfiguration, service: JobService, archive: ArchiveService, hardware: HardwareEncoders,
        local: LocalMediaStorage, objects: (any ObjectStorage)?, running: RunningJobs, notifications: any NotificationStore, audit: any AuditStore,
        logger: Logger
    ) {
        self.notifications = notifications
        self.audit = audit
        self.configuration = configuration
        self.service = service
        self.archive = archive
        self.gate = SiteGate(configuration: configuration.archive.gate, clock: service.clock)
        self.storage = objects.map { TieredMediaStorage(local: local, objects: $0) } ?? local
        self.local = local
        self.objects = objects
        self.running = running
        self.logger = logger
        let tools = configuration.tools
        self.ytdlp = YtDlp(configuration: .init(
            executable: tools.ytdlpPath, python: tools.ytdlpPython, start: tools.ytdlpStart, idleStop: tools.ytdlpIdleStop, extraArguments: tools.ytdlpExtraArguments
        ), logger: logger)
        self.prober = FFprobeProber(FFprobe(executable: tools.ffprobePath))
        self.processor = FFmpegProcessor(FFmpeg(executable: tools.ffmpegPath))
        self.hardware = hardware
    }

    var retryPolicy: RetryPolicy { configuration.retries.policy }

    /// The upload stage. Without configured targets it still runs, failing the jobs that name a
    /// target no longer configured with a message that says so.
    func upload() -> UploadStage {
        UploadStage(
            service: service, objects: objects ?? S3ObjectStorage(targets: [], defaultTarget: nil), storage: storage, running: running,
            configuration: .init(retryPolicy: retryPolicy), logger: logger
        )
    }

    /// The download stage.
    func download() -> DownloadStage {
        let settings = configuration.download
        let direct = settings.directDownload ? DirectDownloader(
            configuration: .init(connections: settings.directConnections), ffmpeg: FFmpeg(executable: configuration.tools.ffmpegPath), logger: logger
        ) : nil
        return DownloadStage(
            service: service, downloader: YtDlpDownloader(ytdlp), direct: direct, prober: HeaderFirstProber(fallback: prober),
            storage: storage, running: running,
            configuration: .init(
                retryPolicy: retryPolicy,
                stallTimeout: settings.stallTimeout,
                stallRestarts: settings.stallRestarts,
                requests: DownloadRequestBuilder(
                    defaultTemplate: settings.outputTemplate ?? OutputTemplateGuard.defaultTemplate,
                    limitRate: settings.rateLimit,
                    defaultDubbingProvider: configuration.dubbing.provider,
                    sourceDownloadSleep: configuration.archive.downloadSleep
                )
            ),
            logger: logger
        )
    }

    /// The dub stage with the engines this process can run.
    func dub() -> DubStage {
        DubStage(
            service: service, providers: configuration.dubbing.engines(logger: logger), processor: processor, storage: storage, running: running,
            configuration: .init(retryPolicy: retryPolicy, defaultProvider: configuration.dubbing.provider), logger: logger
        )
    }

    /// Lists sources with the warm yt-dlp (the add dialog's preview uses it too).
    var lister: YtDlpLister { YtDlpLister(ytDlp: ytdlp, logger: logger) }

    /// The sync stage: checks of followed sources from `q:sync`.
    func sync() -> SourceSyncHandler {
        let check = SourceCheck(archive: archive, lister: lister, feeds: AtomFeedReader(logger: logger), gate: gate, storage: storage, logger: logger)
        return SourceSyncHandler(check: check, retryPolicy: retryPolicy, logger: logger)
    }

    /// The generic stage: `q:generic`'s entries routed by key to the maintenance tasks of
    /// ``SpoolMaintenance`` and to the notification deliveries.
    func generic() -> GenericQueueRouter {
        let maintenance = MaintenanceHandler(catalog: SpoolMaintenance.catalog(self), logger: logger)
        let deliveries = self.deliveries()
        return GenericQueueRouter(routes: [
            .init(prefixes: ["maintenance:"], handle: maintenance.handle),
            .init(prefixes: NotificationDeliveryTask.keyPrefixes, handle: deliveries.handle),
        ], logger: logger)
    }

    /// Makes the webhook, done-script and Apprise deliveries.
    func deliveries() -> NotificationDeliveryHandler {
        let settings = configuration.notifications
        return NotificationDeliveryHandler(
            notifications: notifications, jobs: service, transport: settings.webhookTransport(logger: logger), runner: ProcessHookRunner(),
            configuration: .init(
                retries: settings.retries, doneScript: settings.doneScript, failedScript: settings.failedScript, scriptTimeout: settings.scriptTimeout,
                apprise: settings.apprisePath, appriseURLs: settings.appriseURLs, version: SpoolVersion.current,
                libraryRoot: local.paths.libraryRoot
            ),
            logger: logger
        )
    }

    /// The retention of the library (RETENTION_*) and of the sources.
    var retention: RetentionService {
        RetentionService(archive: archive, library: LibraryRetention(rules: configuration.maintenance.libraryRetention))
    }

    /// The PROCESSING stage: transcodes at `PROCESSING_NICE`.
    func process() -> ProcessStage {
        let tools = configuration.tools
        let transcoder = FFmpegTranscoder(
            FFmpeg(executable: tools.ffmpegPath), ffprobe: FFprobe(executable: tools.ffprobePath),
            niceness: Int32(configuration.processing.niceness)
        )
        return ProcessStage(
            service: service, transcoder: transcoder, prober: prober, hardware: hardware, storage: storage, running: running,
            configuration: .init(retryPolicy: retryPolicy, qualitySampleSeconds: configuration.processing.qualitySampleSeconds),
            logger: logger
        )
    }

    /// The mux stage.
    func mux() -> MuxStage {
        MuxStage(
            service: service, processor: processor, prober: prober, storage: storage, running: running,
            configuration: .init(
                retryPolicy: retryPolicy,
                mix: VoiceOverSettings(duckingLevel: configuration.mux.duckingLevel, loudnessTarget: configuration.mux.normalizationLUFS)
            ),
            logger: logger
        )
    }
}
