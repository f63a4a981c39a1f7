import AsyncHTTPClient
import Foundation
import Logging
import SpoolCore

/// The engine for OpenAI-compatible servers: transcription → translation → speech, then the same phrase
/// fitting and assembly as `tts`.
///
/// The original audio is transcribed into timed segments (`/audio/transcriptions`, verbose_json), the
/// segments are translated in numbered batches (`/chat/completions`; skipped when the speech already is in
/// the target language), and each translation is spoken (`/audio/speech`) and fitted into its segment's slot.
public struct OpenAIDubbingProvider: DubbingProvider {
    /// Server, models, and how phrases are fitted.
    public struct Configuration: Sendable, Hashable {
        /// The server and its models.
        public var server: OpenAIConfiguration
        /// Phrase fitting and the track's format.
        public var track: SpeechTrackRenderer.Configuration
        /// Target languages to offer; nil means any.
        public var languages: Set<String>?
        /// The `ffprobe` program (used when the request carries no duration).
        public var ffprobe: String

        /// Creates a configuration.
        public init(server: OpenAIConfiguration, track: SpeechTrackRenderer.Configuration = .init(), languages: Set<String>? = nil, ffprobe: String = "ffprobe") {
            self.server = server
            self.track = track
            self.languages = languages
            self.ffprobe = ffprobe
        }
    }

    /// `openai`.
    public let name = "openai"
    /// The configured languages, or nil (any).
    public var supportedTargetLanguages: Set<String>? { configuration.languages }
    /// The settings in use.
    public let configuration: Configuration
    private let client: OpenAIClient
    private let logger: Logger

    /// Creates the engine; requests go through `httpClient` (the caller keeps it running).
    public init(configuration: Configuration, httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "spool.dubbing.openai")) {
        self.configuration = configuration
        self.client = OpenAIClient(configuration: configuration.server, httpClient: httpClient)
        self.logger = logger
    }

    /// Transcribes, translates and speaks the request's audio into `<workDirectory>/openai-<language>.wav`.
    ///
    /// Progress: transcription up to 15 %, translation up to 25 %, speech the rest.
    ///
    /// - Throws: ``SpoolError`` `.dubbingRejected` (key refused, request rejected), `.dubbingFailed`
    ///   (server down or failing, unreadable answers, nothing heard), `.toolMissing`; `CancellationError`.
    public func dub(_ request: DubbingRequest, progress: @escaping @Sendable (DubbingProgress) async -> Void) async throws -> DubbingResult {
        let language = request.targetLanguage.lowercased()
        let duration = try await MediaDuration.of(request, ffprobe: configuration.ffprobe)
        let audio = try await request.extractAudio()
        await progress(DubbingProgress(percent: 1, message: "transcribing with \(configuration.server.transcriptionModel)"))
        let transcript = try await OpenAITranscriber(client: client).transcribe(
            audioPath: audio, language: request.sourceLanguage, scratchDirectory: request.workDirectory + "/openai-upload"
        ) { done, total in
            await progress(DubbingProgress(percent: 1 + 14 * Double(done) / Double(total)))
        }
        guard !transcript.segments.isEmpty else {
            throw SpoolError(.dubbingFailed, "the transcription found no speech")
        }
        let source = request.sourceLanguage ?? transcript.language.flatMap(LanguageNames.code(for:))
        await progress(DubbingProgress(percent: 15, message: "heard \(transcript.segments.count) phrases" + (source.map { " in \($0)" } ?? "")))
        var phrases = transcript.segments
        if source != language {
            let translated = try await OpenAITranslator(client: client).translate(phrases.map(\.text), from: source, to: language)
            for index in phrases.indices { phrases[index].text = translated[index] }
            await progress(DubbingProgress(percent: 25, message: "translated into \(language) with \(configuration.server.chatModel)"))
        }
        logger.debug("openai dubbing", metadata: ["job.id": "\(request.jobID)", "dub.phrases": "\(phrases.count)"])
        let synthesizer = OpenAISpeechSynthesizer(client: client)
        let renderer = SpeechTrackRenderer(synthesizer: synthesizer, configuration: configuration.track)
        let report = try await renderer.render(
            phrases, language: language, duration: duration,
            outputPath: request.workDirectory + "/openai-\(language).wav",
            scratchDirectory: request.workDirectory + "/openai-phrases"
        ) { done, total in
            await progress(DubbingProgress(percent: 25 + (total == 0 ? 75 : 75 * Double(done) / Double(total))))
        }
        await progress(DubbingProgress(percent: 100, message: report.summary))
        return DubbingResult(audioPath: report.path, language: language)
    }
}
