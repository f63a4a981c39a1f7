import Foundation
import Logging
import SpoolCore
import SpoolMedia
import SpoolQueue
import SpoolWorker

/// Builds the stage handlers from the configuration, for `spool serve` and `spool worker` alike.
struct StageFactory: Sendable {
    let configuration: SpoolConfiguration
    let service: JobService
    let paths: MediaPaths
    let running: RunningJobs
    let logger: Logger
    /// yt-dlp (with its warm helper when YTDLP_WARM); used by the download stage.
    let ytdlp: YtDlp
    let ffprobe: FFprobe
    let ffmpeg: FFmpeg

    init(configuration: SpoolConfiguration, service: JobService, paths: MediaPaths, running: RunningJobs, logger: Logger) {
        self.configuration = configuration
        self.service = service
        self.paths = paths
        self.running = running
        self.logger = logger
        self.ytdlp = YtDlp(configuration: .init(
            executable: configuration.ytdlpPath,
            python: configuration.ytdlpPython,
            warm: configuration.ytdlpWarm,
            extraArguments: configuration.ytdlpExtraArguments
        ), logger: logger)
        self.ffprobe = FFprobe(executable: configuration.ffprobePath)
        self.ffmpeg = FFmpeg(executable: configuration.ffmpegPath)
    }

    var retryPolicy: RetryPolicy {
        RetryPolicy(maxRetries: configuration.maxRetries, baseDelay: configuration.retryBaseDelay)
    }

    /// The download stage.
    func download() -> DownloadStage {
        DownloadStage(
            service: service, ytdlp: ytdlp, ffprobe: ffprobe, paths: paths, running: running,
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
    }

    /// The dub stage with the engines this process can run.
    func dub() -> DubStage {
        DubStage(
            service: service, providers: configuration.dubbing.engines(logger: logger), ffmpeg: ffmpeg, paths: paths, running: running,
            configuration: .init(retryPolicy: retryPolicy, defaultProvider: configuration.dubbingProvider), logger: logger
        )
    }

    /// The mux stage.
    func mux() -> MuxStage {
        MuxStage(
            service: service, ffmpeg: ffmpeg, ffprobe: ffprobe, paths: paths, running: running,
            configuration: .init(
                retryPolicy: retryPolicy,
                mix: VoiceOverMix.Settings(duckingLevel: configuration.duckingLevel, loudnessTarget: configuration.normalizationLUFS)
            ),
            logger: logger
        )
    }

    /// Concurrency and lease settings of the queue processors.
    func workerConfiguration(workerID: String, drainTimeout: Duration = .zero) -> StageWorkers.Configuration {
        .init(
            downloadConcurrency: configuration.downloadConcurrency,
            dubbingConcurrency: configuration.dubbingConcurrency,
            muxingConcurrency: configuration.muxingConcurrency,
            leaseDuration: configuration.leaseDuration,
            workerID: workerID,
            drainTimeout: drainTimeout
        )
    }
}
