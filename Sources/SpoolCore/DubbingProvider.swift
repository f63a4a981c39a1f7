/// A dubbing engine: turns a downloaded video into a voice-over track in another language.
///
/// Engines live in SpoolDubbing (`yandex`, `tts`, `openai`); the dub stage picks one per job. An engine
/// writes only inside ``DubbingRequest/workDirectory``, reports progress through the callback, and
/// throws ``SpoolError`` with code `dubbing_failed` (worth retrying) or `dubbing_rejected`,
/// `no_subtitles`, `unsupported_language` (not worth retrying). Cancellation of the calling task
/// must stop its work and any child process.
public protocol DubbingProvider: Sendable {
    /// The engine's name as jobs and configuration spell it.
    var name: String { get }

    /// Target languages the engine can speak (ISO 639-1); nil means any.
    var supportedTargetLanguages: Set<String>? { get }

    /// Produces the voice track (speech only, silence between phrases) for `request`.
    func dub(
        _ request: DubbingRequest,
        progress: @escaping @Sendable (DubbingProgress) async -> Void
    ) async throws -> DubbingResult
}

/// What an engine gets to work on.
public struct DubbingRequest: Sendable {
    /// The job being dubbed.
    public var jobID: JobID
    /// The page URL the user gave (what Yandex translates by).
    public var sourceURL: String
    /// The downloaded media file.
    public var mediaPath: String
    /// The media's duration in seconds, when known.
    public var duration: Double?
    /// The media's title, when known.
    public var title: String?
    /// The spoken language of the original (ISO 639-1), nil when unknown.
    public var sourceLanguage: String?
    /// The voice-over language (ISO 639-1).
    public var targetLanguage: String
    /// A folder the engine owns for this job (exists; kept across retries, removed when the job ends).
    public var workDirectory: String
    /// Subtitle files (SRT or WebVTT) in the target language: the site's or the user's, best first.
    public var subtitlePaths: [String]
    /// Extracts the original audio as mono 16 kHz PCM WAV (seed 000's command) once and returns its path.
    public var extractAudio: @Sendable () async throws -> String

    /// Creates a request.
    public init(
        jobID: JobID,
        sourceURL: String,
        mediaPath: String,
        duration: Double?,
        title: String? = nil,
        sourceLanguage: String? = nil,
        targetLanguage: String,
        workDirectory: String,
        subtitlePaths: [String] = [],
        extractAudio: @escaping @Sendable () async throws -> String
    ) {
        self.jobID = jobID
        self.sourceURL = sourceURL
        self.mediaPath = mediaPath
        self.duration = duration
        self.title = title
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.workDirectory = workDirectory
        self.subtitlePaths = subtitlePaths
        self.extractAudio = extractAudio
    }
}

/// A progress report from an engine.
public struct DubbingProgress: Sendable, Hashable {
    /// Percent done, 0…100, when the engine can tell.
    public var percent: Double?
    /// A line for the job's log (e.g. "waiting for Yandex, about 46 s left"), when there is news.
    public var message: String?

    /// Creates a report.
    public init(percent: Double? = nil, message: String? = nil) {
        self.percent = percent
        self.message = message
    }
}

/// The voice track an engine produced.
public struct DubbingResult: Sendable, Hashable {
    /// The audio file (any format ffmpeg reads) inside the request's work folder.
    public var audioPath: String
    /// Its language (ISO 639-1).
    public var language: String

    /// Creates a result.
    public init(audioPath: String, language: String) {
        self.audioPath = audioPath
        self.language = language
    }
}
