import Foundation
import SpoolCore

/// Chooses how a job's media is fetched: natively, when its URL is a plain media file and the job
/// asks for nothing only yt-dlp does (the direct-file fast path), else with yt-dlp.
struct DownloadRouter: Sendable {
    /// The way one download goes.
    enum Route: Sendable, Hashable {
        /// The fast path, for this file.
        case direct(DirectFile)
        /// yt-dlp, and why not the fast path.
        case ytdlp(String)
    }

    /// The fast path's downloader; nil when it is turned off (DIRECT_DOWNLOAD=false).
    let direct: (any DirectFileDownloader)?

    /// The route for `request`: yt-dlp when the fast path is off or the job needs yt-dlp, else what
    /// the probe of its URL says.
    func route(_ request: MediaDownloadRequest) async -> Route {
        guard let direct else { return .ytdlp("direct downloads are turned off") }
        if let reason = Self.reasonForYtDlp(request) { return .ytdlp(reason) }
        switch await direct.probe(request) {
        case .file(let file): return .direct(file)
        case .notDirect(let reason): return .ytdlp(reason)
        }
    }

    /// Why `request` needs yt-dlp whatever its URL serves, or nil when a plain file can satisfy it.
    ///
    /// A plain file is one format, so `best` and the height presets (each ends in `/b`: "else the
    /// best single file") all pick it; audio extraction, custom format expressions, subtitles and a
    /// followed source's side files (info.json, thumbnail, SponsorBlock) are yt-dlp's. A plain file
    /// has no thumbnail or subtitles for yt-dlp to embed either, so those options change nothing.
    static func reasonForYtDlp(_ request: MediaDownloadRequest) -> String? {
        guard let scheme = URL(string: request.url)?.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "not an http(s) URL"
        }
        if request.archive != nil { return "a followed source's video keeps side files that yt-dlp writes" }
        if !request.subtitleLanguages.isEmpty { return "subtitles were asked for" }
        guard let preset = FormatPreset(rawValue: request.format) else { return "the job names a format expression" }
        if preset.isAudioOnly { return "the \(preset.rawValue) preset extracts the audio" }
        return nil
    }
}
