import Foundation
import SpoolCore
import SpoolMedia

/// The mux and extraction steps on their own, for `spool mux` / `spool extract-audio` (and benchmarks).
public enum MediaTools {
    /// Mixes `voice` over the ducked original of `source` and writes `output` with both audio tracks,
    /// as the mux stage does; `dryRun` prints ffmpeg's two command lines instead (the measured
    /// loudness is a placeholder there). After a run the lines are the measured loudness and
    /// `seconds=…`, the time of the two ffmpeg passes as the mux stage runs them.
    public static func mux(
        source: String, voice: String, output: String, language: String, originalLanguage: String?,
        duckingLevel: Double, loudness: Double, ffmpegPath: String = "ffmpeg", ffprobePath: String = "ffprobe",
        dryRun: Bool, progress: @escaping @Sendable (Double) async -> Void
    ) async throws -> [String] {
        let probe = try await FFprobe(executable: ffprobePath).probe(source)
        guard let duration = probe.videoStreams.first?.duration ?? probe.duration else {
            throw SpoolError(.toolFailed, "cannot tell how long \(source) is")
        }
        let mix = VoiceOverMix(
            source: source, voice: voice, output: output, duration: duration, voiceLanguage: language,
            originalLanguage: originalLanguage, hasVideo: !probe.videoStreams.isEmpty,
            settings: .init(duckingLevel: duckingLevel, loudnessTarget: loudness)
        )
        if dryRun {
            let placeholder = LoudnessMeasurement(integrated: -23, truePeak: -3, range: 7, threshold: -33, offset: 0)
            return [
                commandLine(ffmpegPath, FFmpeg.commonArguments(logLevel: "info") + mix.measureArguments),
                commandLine(ffmpegPath, FFmpeg.commonArguments() + mix.muxArguments(placeholder)),
            ]
        }
        let started = ContinuousClock.now
        let measured = try await FFmpeg(executable: ffmpegPath).mux(mix, progress: progress)
        let seconds = (ContinuousClock.now - started).timeInterval
        return [
            measured.map { "measured \(String(format: "%.1f", $0.integrated)) LUFS before normalising" } ?? "silent mix",
            String(format: "seconds=%.4f", seconds),
        ]
    }

    /// Extracts the first audio stream as mono 16 kHz PCM WAV (seed 000's command); returns
    /// `seconds=…`, the time of the extraction itself (what the dub stage spends), or with `dryRun`
    /// the command line.
    public static func extractAudio(source: String, output: String, ffmpegPath: String = "ffmpeg", dryRun: Bool) async throws -> [String] {
        let arguments = FFmpeg.extractionArguments(source: source, output: output)
        if dryRun { return [commandLine(ffmpegPath, FFmpeg.commonArguments() + arguments)] }
        let started = ContinuousClock.now
        try await FFmpeg(executable: ffmpegPath).extractAudio(from: source, to: output, duration: nil)
        return [String(format: "seconds=%.4f", (ContinuousClock.now - started).timeInterval)]
    }

    /// A shell-safe rendering of a command line (single quotes where needed).
    static func commandLine(_ program: String, _ arguments: [String]) -> String {
        ([program] + arguments).map { word in
            let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=+,@%".contains($0) } && !word.isEmpty
            return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
