import Foundation
import SpoolAPI
import SpoolMedia

/// Tool versions for `/healthz`, detected at most once every five minutes (yt-dlp takes a second).
actor ToolVersionCache {
    private let configuration: SpoolConfiguration
    private var cached: (at: ContinuousClock.Instant, versions: ToolVersions)?

    init(configuration: SpoolConfiguration) {
        self.configuration = configuration
    }

    /// The tools' health entries (`ytdlp`, `ffmpeg`, `ffprobe`).
    func health() async -> [String: DependencyHealth] {
        let versions = await current()
        func entry(_ status: ToolVersions.Status) -> DependencyHealth {
            switch status {
            case .available(let version): DependencyHealth(status: .ok, version: version)
            case .missing(let reason): .down(reason)
            case .failed(let reason): .down(reason)
            }
        }
        return ["ytdlp": entry(versions.ytDlp), "ffmpeg": entry(versions.ffmpeg), "ffprobe": entry(versions.ffprobe)]
    }

    private func current() async -> ToolVersions {
        if let cached, ContinuousClock.now - cached.at < .seconds(300) { return cached.versions }
        let versions = await ToolVersions.detect(ytDlp: configuration.tools.ytdlpPath, ffmpeg: configuration.tools.ffmpegPath, ffprobe: configuration.tools.ffprobePath)
        cached = (.now, versions)
        return versions
    }
}
