/// Fetches a job's media into its work folder (yt-dlp in SpoolMedia).
///
/// A downloader writes only below ``MediaDownloadRequest/workDirectory``, reports progress and log
/// lines through `onEvent`, and throws ``SpoolError`` (`download_failed`, `tool_failed`,
/// `tool_missing`, `storage_error`). Cancelling the calling task stops the download and any child
/// process (partial files are kept, so a later call resumes) and ends with `CancellationError`.
public protocol MediaDownloader: Sendable {
    /// Downloads `request`; returns the final file and what the site said about it.
    func download(
        _ request: MediaDownloadRequest,
        onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void
    ) async throws -> MediaDownloadResult
}

/// One download: what to fetch, in which shape, and where to put it (derived from a job's options).
public struct MediaDownloadRequest: Sendable, Hashable {
    /// The page or media URL.
    public var url: String
    /// A ``FormatPreset`` name (`best`, `720p`, `audio-mp3`, …) or a format expression.
    public var format: String
    /// The container of the video file (ignored by audio-only presets).
    public var container: OutputContainer
    /// Subtitle languages to fetch and embed; empty means none.
    public var subtitleLanguages: [String]
    /// A language whose subtitles are written next to the file for a voice-over engine that speaks
    /// subtitles; nil means none.
    public var voiceOverSubtitleLanguage: String?
    /// Whether the thumbnail is embedded into the file.
    public var embedThumbnail: Bool
    /// Absolute path of the job's work folder; every file written goes below it.
    public var workDirectory: String
    /// Output template, relative to ``workDirectory``.
    public var outputTemplate: String
    /// Bandwidth limit such as `500K` or `4M`; nil means unlimited.
    public var limitRate: String?
    /// A random pause, in seconds, before the download starts (politeness towards a site a
    /// followed source downloads many videos from); nil means none.
    public var sleepBefore: ClosedRange<Double>?
    /// Side files kept beside the video (info.json, thumbnail, subtitles as files, NFO) and
    /// SponsorBlock, for a video of a followed source; nil for a one-off job. See ``SideFileLayout``
    /// for where they are written.
    public var archive: ArchiveFiles?

    /// Creates a request; everything but the URL and the work folder has Spool's defaults.
    public init(
        url: String,
        workDirectory: String,
        format: String = FormatPreset.best.rawValue,
        container: OutputContainer = .mkv,
        subtitleLanguages: [String] = [],
        embedThumbnail: Bool = false,
        outputTemplate: String = OutputTemplateGuard.defaultTemplate,
        limitRate: String? = nil
    ) {
        self.url = url
        self.format = format
        self.container = container
        self.subtitleLanguages = subtitleLanguages
        self.voiceOverSubtitleLanguage = nil
        self.embedThumbnail = embedThumbnail
        self.workDirectory = workDirectory
        self.outputTemplate = outputTemplate
        self.limitRate = limitRate
        self.archive = nil
    }

    /// Creates the request for a job's options, downloading into `workDirectory`; `outputTemplate`
    /// applies when the job names none.
    public init(options: JobOptions, workDirectory: String, outputTemplate: String? = nil, limitRate: String? = nil) {
        self.init(
            url: options.url,
            workDirectory: workDirectory,
            format: options.formatPreset,
            container: options.outputContainer,
            subtitleLanguages: options.subtitleLanguages,
            embedThumbnail: options.embedThumbnail,
            outputTemplate: options.outputTemplate ?? outputTemplate ?? OutputTemplateGuard.defaultTemplate,
            limitRate: limitRate
        )
        archive = options.archive
    }
}

/// Something a downloader reported while downloading.
public enum MediaDownloadEvent: Sendable, Hashable {
    /// How far the transfer is.
    case progress(TransferProgress)
    /// A line worth keeping in the job log: a warning, an error, a post-processing step.
    case log(String)
}

/// How far a transfer is; every field is optional because sources tell different things.
public struct TransferProgress: Sendable, Hashable {
    /// Percent done, 0…100.
    public var percent: Double?
    /// Bytes transferred so far.
    public var downloadedBytes: Int64?
    /// Total bytes, exact or estimated.
    public var totalBytes: Int64?
    /// Bytes per second.
    public var speed: Double?
    /// Seconds left.
    public var eta: Double?

    /// Creates a report.
    public init(percent: Double? = nil, downloadedBytes: Int64? = nil, totalBytes: Int64? = nil, speed: Double? = nil, eta: Double? = nil) {
        self.percent = percent
        self.downloadedBytes = downloadedBytes
        self.totalBytes = totalBytes
        self.speed = speed
        self.eta = eta
    }
}

/// A finished download.
public struct MediaDownloadResult: Sendable, Hashable {
    /// Absolute path of the final file, inside the request's work folder.
    public var filePath: String
    /// What the site said about the media, when known.
    public var metadata: SourceMetadata?

    /// Creates a result.
    public init(filePath: String, metadata: SourceMetadata? = nil) {
        self.filePath = filePath
        self.metadata = metadata
    }
}
