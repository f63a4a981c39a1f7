import Foundation
import SpoolCore

/// Fits one spoken phrase into its time slot.
///
/// The speech's leading and trailing silence is trimmed and it is resampled to the track's rate (ffmpeg,
/// skipped when it already is 16-bit mono at that rate). Longer than the slot, it is sped up with ffmpeg's
/// `atempo` (pitch kept) by just enough, at most ``SpeechTrackRenderer/Configuration/maxTempo``; still
/// too long, it is cut at the slot's end with a short fade-out. It never runs past the slot.
struct CueFitter: Sendable {
    /// Rate, tempo limit, fade and the ffmpeg program.
    var configuration: SpeechTrackRenderer.Configuration

    /// How much faster than the exact ratio a phrase is sped up, so atempo's rounding never leaves a
    /// phrase a few samples too long (which would cost it a fade-out).
    static let headroom = 1.02

    /// A fitted phrase.
    struct Fitted: Sendable {
        /// The samples, at most the slot long.
        var audio: PCMAudio
        /// The speed-up applied (1 when none).
        var tempo: Double
        /// Whether the end was cut off.
        var wasCut: Bool
    }

    /// Fits the speech in `speechFile` into `slotSamples` samples; helper files go next to it.
    func fit(speechFile: String, slotSamples: Int) async throws -> Fitted {
        // Mono 16-bit WAV (espeak-ng, piper, most speech servers) is trimmed and measured here, so at most
        // one ffmpeg run resamples and speeds up at once; anything else is decoded by ffmpeg first.
        var decoded = try? PCMAudio(wavFile: speechFile, monoOnly: true)
        if decoded == nil {
            decoded = try await normalized(speechFile, tempo: 1)
        }
        let speech = (decoded ?? PCMAudio(sampleRate: configuration.sampleRate, samples: [])).trimmingSilence()
        guard !speech.samples.isEmpty else { return Fitted(audio: speech, tempo: 1, wasCut: false) }
        let slotSeconds = Double(slotSamples) / Double(configuration.sampleRate)
        let tempo = speech.duration > slotSeconds ? min(configuration.maxTempo, Self.headroom * speech.duration / slotSeconds) : 1
        var audio = speech
        if tempo > 1.001 || speech.sampleRate != configuration.sampleRate {
            let trimmed = speechFile + ".trimmed.wav"
            try speech.wavData().write(to: URL(fileURLWithPath: trimmed))
            defer { try? FileManager.default.removeItem(atPath: trimmed) }
            audio = try await normalized(trimmed, tempo: tempo > 1.001 ? tempo : 1)
        }
        let wasCut = audio.samples.count > slotSamples
        if wasCut {
            audio = audio.cut(to: slotSamples, fade: configuration.fadeOut)
        }
        return Fitted(audio: audio, tempo: tempo > 1.001 ? tempo : 1, wasCut: wasCut)
    }

    /// The file as mono 16-bit samples at the configured rate, sped up by `tempo`.
    func normalized(_ path: String, tempo: Double) async throws -> PCMAudio {
        if tempo == 1, let audio = try? PCMAudio(wavFile: path, monoOnly: true), audio.sampleRate == configuration.sampleRate {
            return audio
        }
        let output = path + ".\(configuration.sampleRate).wav"
        defer { try? FileManager.default.removeItem(atPath: output) }
        try await SpeechTool.run(tool: "ffmpeg", program: configuration.ffmpeg, arguments: Self.ffmpegArguments(
            input: path, output: output, sampleRate: configuration.sampleRate, tempo: tempo
        ))
        return try PCMAudio(wavFile: output)
    }

    /// ffmpeg's arguments: `file:` paths (never read as options or protocols), mono, s16, the rate, atempo.
    static func ffmpegArguments(input: String, output: String, sampleRate: Int, tempo: Double) -> [String] {
        var arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", "file:" + input, "-vn", "-ac", "1"]
        if tempo != 1 {
            arguments += ["-af", "atempo=" + String(format: "%.4f", tempo)]
        }
        arguments += ["-ar", String(sampleRate), "-c:a", "pcm_s16le", "-map_metadata", "-1", "-f", "wav", "file:" + output]
        return arguments
    }
}
