import Foundation

/// What the user asked for when adding a job (the body of `POST /api/jobs`).
public struct JobOptions: Sendable, Codable, Hashable {
    /// The page or media URL handed to yt-dlp (http or https only).
    public var url: String
    /// A preset name (`best`, `1080p`, `audio-mp3`, …) or a yt-dlp format string.
    public var formatPreset: String
    /// The container of the finished file.
    public var outputContainer: OutputContainer
    /// Whether a voice-over track is wanted (runs the dub and mux stages).
    public var requestedDubbing: Bool
    /// Voice-over language (ISO 639-1, e.g. `ru`), when dubbing.
    public var targetLang: String?
    /// Dubbing engine name (`yandex`, `tts`, `openai`); nil means the configured default.
    public var dubbingProvider: String?
    /// Spoken language of the original (ISO 639-1); nil lets the engine detect it.
    public var sourceLang: String?
    /// A subtitle file (SRT or WebVTT text) in the target language for the `tts` engine, given with the job.
    public var dubbingSubtitles: String?
    /// Subtitle languages to fetch and embed (empty means none).
    public var subtitleLanguages: [String]
    /// Whether the thumbnail is embedded in the file.
    public var embedThumbnail: Bool
    /// Priority class in the queue.
    public var priority: JobPriority
    /// Free-form labels for filtering.
    public var tags: [String]
    /// A yt-dlp output template relative to the library root; nil means the default.
    public var outputTemplate: String?
    /// Side files kept beside the video (info.json, thumbnail, subtitles, NFO) and SponsorBlock;
    /// set on jobs a followed source creates, nil for one-off jobs.
    public var archive: ArchiveFiles?
    /// The processing profile the PROCESSING stage applies after download (and after the
    /// voice-over), copied from the named profile when the job was added; nil for no processing.
    public var processing: ProcessingProfile?
    /// The object-storage target (``StorageTargets``) the finished files are uploaded to; nil keeps
    /// them in the local library. Named by the request, the source's profile or `STORAGE_TARGET`,
    /// and resolved when the job is created (`local` becomes nil).
    public var storage: String?
    /// The batch the job was added in, and its episode number there; nil for a job added alone.
    public var batch: BatchMembership?

    /// These options with `storage` as the storage target.
    public func with(storage: String?) -> JobOptions {
        var options = self
        options.storage = storage
        return options
    }

    /// Creates options with Spool's defaults.
    public init(
        url: String,
        formatPreset: String = FormatPreset.best.rawValue,
        outputContainer: OutputContainer = .mkv,
        requestedDubbing: Bool = false,
        targetLang: String? = nil,
        dubbingProvider: String? = nil,
        sourceLang: String? = nil,
        dubbingSubtitles: String? = nil,
        subtitleLanguages: [String] = [],
        embedThumbnail: Bool = false,
        priority: JobPriority = .normal,
        tags: [String] = [],
        outputTemplate: String? = nil
    ) {
        self.url = url
        self.formatPreset = formatPreset
        self.outputContainer = outputContainer
        self.requestedDubbing = requestedDubbing
        self.targetLang = targetLang
        self.dubbingProvider = dubbingProvider
        self.sourceLang = sourceLang
        self.dubbingSubtitles = dubbingSubtitles
        self.subtitleLanguages = subtitleLanguages
        self.embedThumbnail = embedThumbnail
        self.priority = priority
        self.tags = tags
        self.outputTemplate = outputTemplate
    }
}

/// The container of a finished file.
public enum OutputContainer: String, Sendable, Codable, CaseIterable, Hashable {
    case mkv
    case mp4
}

/// Named format choices mapped to yt-dlp format strings.
public enum FormatPreset: String, Sendable, CaseIterable {
    case best
    case p2160 = "2160p"
    case p1080 = "1080p"
    case p720 = "720p"
    case p480 = "480p"
    case audioM4A = "audio-m4a"
    case audioMP3 = "audio-mp3"

    /// Whether the preset produces an audio-only file.
    public var isAudioOnly: Bool { self == .audioM4A || self == .audioMP3 }

    /// The yt-dlp `--format` value. Original-language audio is preferred over auto-dubbed tracks
    /// by the format sort (`--format-sort`), see ``formatSort``.
    public var formatString: String {
        switch self {
        case .best: "bv*+ba/b"
        case .p2160: "bv*[height<=2160]+ba/b[height<=2160]/b"
        case .p1080: "bv*[height<=1080]+ba/b[height<=1080]/b"
        case .p720: "bv*[height<=720]+ba/b[height<=720]/b"
        case .p480: "bv*[height<=480]+ba/b[height<=480]/b"
        case .audioM4A: "ba[ext=m4a]/ba/b"
        case .audioMP3: "ba/b"
        }
    }

    /// Format sort that ranks original audio (`lang` preference -1 is given to dubbed tracks by
    /// yt-dlp's extractors) first, then quality.
    public static let formatSort = "lang,quality,res,fps,hdr:12,vcodec,channels,acodec,size,br,asr,proto"
}
