import Foundation

extension FFmpeg {
    /// Seed 000's extraction: the first audio stream as mono 16 kHz 16-bit PCM WAV.
    public static func extractionArguments(source: String, output: String) -> [String] {
        ["-i", fileURL(source), "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", fileURL(output)]
    }

    /// Extracts the original audio for a dubbing engine (see ``extractionArguments(source:output:)``).
    ///
    /// - Parameter duration: The source's length, for progress percentages.
    public func extractAudio(
        from source: String, to output: String, duration: Double?,
        progress: @escaping @Sendable (Double) async -> Void = { _ in }
    ) async throws {
        try await run(Self.extractionArguments(source: source, output: output)) { block in
            if let percent = block.percent(ofDuration: duration ?? 0) { await progress(percent) }
        }
    }

    /// Measures, mixes and writes a voice-over file; progress 0–100 covers both passes.
    ///
    /// - Returns: The loudness measured before normalisation (nil for a silent mix).
    @discardableResult
    public func mux(_ mix: VoiceOverMix, progress: @escaping @Sendable (Double) async -> Void = { _ in }) async throws -> LoudnessMeasurement? {
        let duration = mix.duration
        let report = try await run(mix.measureArguments, logLevel: "info") { block in
            if let percent = block.percent(ofDuration: duration) { await progress(percent * 0.4) }
        }
        let measurement = LoudnessMeasurement(ffmpegOutput: report)
        try await run(mix.muxArguments(measurement)) { block in
            if let percent = block.percent(ofDuration: duration) { await progress(40 + percent * 0.6) }
        }
        return measurement
    }
}
