import ArgumentParser
import Foundation
import SpoolApp

/// `spool mux`: the mux stage on files you already have.
struct Mux: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mix a voice track over a video's ducked original and add it as a second audio track.",
        discussion: """
            Writes OUTPUT with the video copied, the original audio as track 1 and the voice-over mix \
            as track 2 (default, tagged with --lang), exactly as the mux stage does. The container \
            follows OUTPUT's extension (mkv or mp4).
            """
    )

    @Argument(help: "The video (with its original audio).") var source: String
    @Argument(help: "The voice track (any audio ffmpeg reads).") var voice: String
    @Argument(help: "Where to write the result.") var output: String
    @Option(help: "Voice-over language, ISO 639-1.") var lang: String = "ru"
    @Option(name: .customLong("source-lang"), help: "Language of the original audio, ISO 639-1.") var sourceLang: String?
    @Option(help: "Gain of the original under the voice, 0–1 (DUCKING_LEVEL).") var ducking: Double = 0.3
    @Option(help: "Loudness of the voice-over track, LUFS (NORMALIZATION_LUFS).") var lufs: Double = -18
    @Flag(name: .customLong("dry-run"), help: "Print ffmpeg's command lines instead of running them.") var dryRun = false

    func run() async throws {
        let lines = try await MediaTools.mux(
            source: source, voice: voice, output: output, language: lang, originalLanguage: sourceLang,
            duckingLevel: ducking, loudness: lufs, dryRun: dryRun, progress: { _ in }
        )
        lines.forEach { print($0) }
    }
}

/// `spool extract-audio`: the dub stage's audio extraction on its own.
struct ExtractAudio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-audio",
        abstract: "Extract a file's first audio stream as mono 16 kHz PCM WAV (what dubbing engines get)."
    )

    @Argument(help: "The media file.") var source: String
    @Argument(help: "The WAV to write.") var output: String
    @Flag(name: .customLong("dry-run"), help: "Print ffmpeg's command line instead of running it.") var dryRun = false

    func run() async throws {
        try await MediaTools.extractAudio(source: source, output: output, dryRun: dryRun).forEach { print($0) }
    }
}
