import SpoolCore

/// One download for yt-dlp: what to fetch, in which shape, and where to put it.
public struct YtDlpRequest: Sendable, Hashable {
    /// The page or media URL (always passed after `--`).
    public var url: String
    /// A ``FormatPreset`` name (`best`, `720p`, `audio-mp3`, …) or a yt-dlp format expression.
    public var format: String
    /// The container of the video file (ignored by audio-only presets).
    public var container: OutputContainer
    /// Subtitle languages to fetch and embed; empty means none.
    public var subtitleLanguages: [String]
    /// A language whose subtitles (manual, else automatic) are written next to the file for a voice-over
    /// engine that speaks subtitles; nil means none.
    public var voiceOverSubtitleLanguage: String?
    /// Whether the thumbnail is embedded into the file.
    public var embedThumbnail: Bool
    /// Absolute path of the job's work folder (`MEDIA_ROOT/tmp/<jobId>`); every file yt-dlp writes goes below it.
    public var workDirectory: String
    /// yt-dlp output template, relative to ``workDirectory``.
    public var outputTemplate: String
    /// yt-dlp `--limit-rate` value such as `500K` or `4M`; nil means unlimited.
    public var limitRate: String?
    /// More yt-dlp options, placed after Spool's own and before `--`.
    public var extraArguments: [String]

    /// Creates a request; everything but the URL and the work folder has Spool's defaults.
    public init(
        url: String,
        workDirectory: String,
        format: String = FormatPreset.best.rawValue,
        container: OutputContainer = .mkv,
        subtitleLanguages: [String] = [],
        embedThumbnail: Bool = false,
        outputTemplate: String = OutputTemplateGuard.defaultTemplate,
        limitRate: String? = nil,
        extraArguments: [String] = []
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
        self.extraArguments = extraArguments
    }

    /// Creates the request for a job's options, downloading into `workDirectory`.
    public init(options: JobOptions, workDirectory: String, limitRate: String? = nil) {
        self.init(
            url: options.url,
            workDirectory: workDirectory,
            format: options.formatPreset,
            container: options.outputContainer,
            subtitleLanguages: options.subtitleLanguages,
            embedThumbnail: options.embedThumbnail,
            outputTemplate: options.outputTemplate ?? OutputTemplateGuard.defaultTemplate,
            limitRate: limitRate
        )
    }
}
