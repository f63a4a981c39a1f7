import Foundation
import Logging
import SpoolCore
import SpoolMedia
import SpoolQueue
import SpoolWorker

/// What the stage handlers are made from: the configuration, the job service and the media tools.
/// The context of ``SpoolStages``' registrations, for `spool serve` and `spool worker` alike.
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
        let tools = configuration.tools
        self.ytdlp = YtDlp(configuration: .init(
            executable: tools.ytdlpPath, python: tools.ytdlpPython, warm: tools.ytdlpWarm, extraArguments: tools.ytdlpExtraArguments
        ), logger: logger)
        self.ffprobe = FFprobe(executable: tools.ffprobePath)
        self.ffmpeg = FFmpeg(executable: tools.ffmpegPath)
    }

    var retryPolicy: RetryPolicy { configuration.retries.policy }

    /// The download stage.
    func download() -> DownloadStage {
        let settings = configuration.download
        return DownloadStage(
            service: service, ytdlp: ytdlp, ffprobe: ffprobe, paths: paths, running: running,
            configuration: .init(
                retryPolicy: retryPolicy,
                stallTimeout: settings.stallTimeout,
                stallRestarts: settings.stallRestarts,
                requests: DownloadRequestBuilder(
                    defaultTemplate: settings.outputTemplate ?? OutputTemplateGuard.defaultTemplate,
                    limitRate: settings.rateLimit,
                    defaultDubbingProvider: configuration.dubbing.provider
                )
            ),
            logger: logger
        )
    }

    /// The dub stage with the engines this process can run.
    func dub() -> DubStage {
        DubStage(
            service: service, providers: configuration.dubbing.engines(logger: logger), ffmpeg: ffmpeg, paths: paths, running: running,
            configuration: .init(retryPolicy: retryPolicy, defaultProvider: configuration.dubbing.provider), logger: logger
        )
    }

    /// The mux stage.
    func mux() -> MuxStage {
        MuxStage(
            service: service, ffmpeg: ffmpeg, ffprobe: ffprobe, paths: paths, running: running,
            configuration: .init(
                retryPolicy: retryPolicy,
                mix: VoiceOverMix.Settings(duckingLevel: configuration.mux.duckingLevel, loudnessTarget: configuration.mux.normalizationLUFS)
            ),
            logger: logger
        )
    }
}
