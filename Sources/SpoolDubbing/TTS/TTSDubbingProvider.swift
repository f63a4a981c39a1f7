import Foundation
import Logging
import SpoolCore
import SpoolMedia

/// The offline engine: speaks the target language's subtitles cue by cue (espeak-ng, or piper where a
/// voice model for the language is installed), each phrase fitted into its time slot.
public struct TTSDubbingProvider: DubbingProvider {
    /// Voices, fitting and tools.
    public struct Configuration: Sendable, Hashable {
        /// The `espeak-ng` program.
        public var espeak: String
        /// espeak-ng's speaking rate in words per minute.
        public var wordsPerMinute: Int
        /// The `piper` program.
        public var piper: String
        /// Piper voice models (`.onnx`) per language (ISO 639-1); piper speaks those languages when installed.
        public var piperModels: [String: String]
        /// Target languages to offer; nil means whatever espeak-ng has a voice for (checked per job).
        public var languages: Set<String>?
        /// Phrase fitting and the track's format.
        public var track: SpeechTrackRenderer.Configuration
        /// The `ffprobe` program (used when the request carries no duration).
        public var ffprobe: String

        /// Creates a configuration.
        public init(
            espeak: String = "espeak-ng",
            wordsPerMinute: Int = 175,
            piper: String = "piper",
            piperModels: [String: String] = [:],
            languages: Set<String>? = nil,
            track: SpeechTrackRenderer.Configuration = .init(),
            ffprobe: String = "ffprobe"
        ) {
            self.espeak = espeak
            self.wordsPerMinute = wordsPerMinute
            self.piper = piper
            self.piperModels = piperModels
            self.languages = languages
            self.track = track
            self.ffprobe = ffprobe
        }
    }

    /// `tts`.
    public let name = "tts"
    /// The configured languages, or nil (any language espeak-ng speaks).
    public var supportedTargetLanguages: Set<String>? { configuration.languages }
    /// The settings in use.
    public let configuration: Configuration
    private let logger: Logger

    /// Creates the engine.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "spool.dubbing.tts")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Speaks the first readable subtitle file of `request` into `<workDirectory>/tts-<language>.wav`.
    ///
    /// - Throws: ``SpoolError`` `.noSubtitles` (no readable subtitles with text), `.unsupportedLanguage`,
    ///   `.toolMissing`, `.dubbingFailed`; `CancellationError`.
    public func dub(_ request: DubbingRequest, progress: @escaping @Sendable (DubbingProgress) async -> Void) async throws -> DubbingResult {
        let language = request.targetLanguage.lowercased()
        let (cues, source) = try Self.firstReadableSubtitles(request.subtitlePaths, language: language)
        let synthesizer = try await synthesizer(for: language)
        let duration = try await MediaDuration.of(request, ffprobe: configuration.ffprobe)
        guard let first = cues.first, first.start < duration else {
            throw SpoolError(.noSubtitles, "no \(language) subtitles within the video: \(source) starts after its end")
        }
        let voice = synthesizer is PiperSynthesizer ? "piper" : "espeak-ng"
        await progress(DubbingProgress(percent: 0, message: "speaking \(cues.count) subtitle phrases from \(source) with \(voice)"))
        logger.debug("tts dubbing", metadata: ["job.id": "\(request.jobID)", "dub.phrases": "\(cues.count)", "dub.voice": "\(voice)"])
        let renderer = SpeechTrackRenderer(synthesizer: synthesizer, configuration: configuration.track)
        let report = try await renderer.render(
            cues, language: language, duration: duration,
            outputPath: request.workDirectory + "/tts-\(language).wav",
            scratchDirectory: request.workDirectory + "/tts-phrases"
        ) { done, total in
            await progress(DubbingProgress(percent: total == 0 ? 100 : 100 * Double(done) / Double(total)))
        }
        await progress(DubbingProgress(percent: 100, message: report.summary))
        return DubbingResult(audioPath: report.path, language: language)
    }

    /// The cues of the first file in `paths` that parses and has text, and that file's name.
    ///
    /// - Throws: ``SpoolError`` `.noSubtitles` naming why each file was passed over.
    static func firstReadableSubtitles(_ paths: [String], language: String) throws -> ([SubtitleCue], String) {
        var reasons: [String] = []
        for path in paths {
            let name = URL(fileURLWithPath: path).lastPathComponent
            do {
                let cues = try SubtitleParser.parseFile(at: path)
                if !cues.isEmpty { return (cues, name) }
                reasons.append("\(name) has no text")
            } catch let error as SpoolError {
                reasons.append("\(name): \(error.message)")
            }
        }
        let detail = reasons.isEmpty ? "the video has none and none were given" : reasons.joined(separator: "; ")
        throw SpoolError(.noSubtitles, "no \(language) subtitles: \(detail)")
    }

    /// Piper when it has a model for `language`, otherwise espeak-ng if it has a voice for it.
    func synthesizer(for language: String) async throws -> any SpeechSynthesizer {
        let piper = PiperSynthesizer(executable: configuration.piper, models: configuration.piperModels)
        if piper.canSpeak(language) { return piper }
        let espeak = EspeakSynthesizer(executable: configuration.espeak, wordsPerMinute: configuration.wordsPerMinute)
        var available = configuration.languages ?? []
        if configuration.languages == nil {
            available = try await espeak.languages()
        }
        guard available.contains(language) else {
            throw SpoolError(.unsupportedLanguage, "espeak-ng has no voice for '\(language)'")
        }
        return espeak
    }
}
