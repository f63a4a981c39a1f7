import SpoolCore

/// The body of `POST /api/jobs`. Only `url` is required; a member left out takes the server's default.
///
/// Decoding is strict: a member the API does not know is rejected with `unknown_field`, an enum
/// value it does not know with `invalid_input`. Encoding leaves nil members out.
public struct CreateJobRequest: Sendable, Codable, Hashable {
    /// The page or media URL (http or https).
    public var url: String
    /// Preset name or yt-dlp format expression.
    public var formatPreset: String?
    /// Container of the finished file.
    public var outputContainer: OutputContainer?
    /// Whether to add a voice-over track.
    public var requestedDubbing: Bool?
    /// Voice-over language (ISO 639-1).
    public var targetLang: String?
    /// Dubbing engine: `yandex`, `tts` or `openai`.
    public var dubbingProvider: String?
    /// Spoken language of the original (ISO 639-1); left out, the engine detects it.
    public var sourceLang: String?
    /// A subtitle file (SRT or WebVTT text) in the target language for the `tts` engine.
    public var dubbingSubtitles: String?
    /// Subtitle languages to embed.
    public var subtitleLanguages: [String]?
    /// Whether to embed the thumbnail.
    public var embedThumbnail: Bool?
    /// Priority class.
    public var priority: JobPriority?
    /// Labels.
    public var tags: [String]?
    /// Output template relative to the library.
    public var outputTemplate: String?
    /// A processing profile's name: the job is transcoded with a copy of it after the download
    /// (the server resolves it, see ``options(defaults:)``).
    public var process: String?
    /// The storage target the finished files are uploaded to (`GET /api/storage`); `local` keeps
    /// them in the library; nil takes the server's default.
    public var storage: String?
    /// A webhook URL that receives this job's events (seed 003's `notification_webhook`): the
    /// server makes a subscription for the job alone (see `NotificationService.subscribe(jobs:url:)`).
    public var notificationWebhook: String?
    /// The `whsec_…` secret that signs `notificationWebhook`'s deliveries; generated (and not shown) when left out.
    public var notificationWebhookSecret: String?

    /// Creates a request for a URL with every option left to the server.
    public init(
        url: String,
        formatPreset: String? = nil,
        outputContainer: OutputContainer? = nil,
        requestedDubbing: Bool? = nil,
        targetLang: String? = nil,
        dubbingProvider: String? = nil,
        sourceLang: String? = nil,
        dubbingSubtitles: String? = nil,
        subtitleLanguages: [String]? = nil,
        embedThumbnail: Bool? = nil,
        priority: JobPriority? = nil,
        tags: [String]? = nil,
        outputTemplate: String? = nil,
        process: String? = nil,
        storage: String? = nil
    ) {
        self.storage = storage
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
        self.process = process
    }

    /// Decodes strictly (see the type's documentation).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
        formatPreset = try c.decodeIfPresent(String.self, forKey: .formatPreset)
        outputContainer = try c.decodeIfPresent(String.self, forKey: .outputContainer).map { raw in
            guard let value = OutputContainer(rawValue: raw) else {
                throw SpoolError(.invalidInput, "outputContainer must be one of mkv, mp4")
            }
            return value
        }
        requestedDubbing = try c.decodeIfPresent(Bool.self, forKey: .requestedDubbing)
        targetLang = try c.decodeIfPresent(String.self, forKey: .targetLang)
        dubbingProvider = try c.decodeIfPresent(String.self, forKey: .dubbingProvider)
        sourceLang = try c.decodeIfPresent(String.self, forKey: .sourceLang)
        dubbingSubtitles = try c.decodeIfPresent(String.self, forKey: .dubbingSubtitles)
        subtitleLanguages = try c.decodeIfPresent([String].self, forKey: .subtitleLanguages)
        embedThumbnail = try c.decodeIfPresent(Bool.self, forKey: .embedThumbnail)
        priority = try c.decodeIfPresent(String.self, forKey: .priority).map { raw in
            guard let value = JobPriority(rawValue: raw) else {
                throw SpoolError(.invalidInput, "priority must be one of low, normal, high")
            }
            return value
        }
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        outputTemplate = try c.decodeIfPresent(String.self, forKey: .outputTemplate)
        process = try c.decodeIfPresent(String.self, forKey: .process)
        storage = try c.decodeIfPresent(String.self, forKey: .storage)
        notificationWebhook = try c.decodeIfPresent(String.self, forKey: .notificationWebhook)
        notificationWebhookSecret = try c.decodeIfPresent(String.self, forKey: .notificationWebhookSecret)
    }

    /// The job options this request asks for, with `defaults` for the members left out. `process`
    /// is not resolved here: the caller sets `processing` to the named profile.
    public func options(defaults: JobDefaults = JobDefaults()) -> JobOptions {
        let dubbing = requestedDubbing ?? false
        return JobOptions(
            url: url,
            formatPreset: formatPreset ?? defaults.formatPreset,
            outputContainer: outputContainer ?? defaults.outputContainer,
            requestedDubbing: dubbing,
            targetLang: targetLang ?? (dubbing ? defaults.targetLang : nil),
            dubbingProvider: dubbingProvider,
            sourceLang: sourceLang,
            dubbingSubtitles: dubbingSubtitles,
            subtitleLanguages: subtitleLanguages ?? [],
            embedThumbnail: embedThumbnail ?? false,
            priority: priority ?? .normal,
            tags: tags ?? [],
            outputTemplate: outputTemplate
        ).with(storage: storage)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case url, formatPreset, outputContainer, requestedDubbing, targetLang, dubbingProvider, sourceLang, dubbingSubtitles
        case subtitleLanguages, embedThumbnail, priority, tags, outputTemplate, process, storage, notificationWebhook, notificationWebhookSecret
    }
}
