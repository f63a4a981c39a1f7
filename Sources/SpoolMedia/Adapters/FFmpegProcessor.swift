import Foundation
import SpoolCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``MediaProcessor`` on ffmpeg: the audio extraction and the two-pass voice-over mix, with
/// ``MediaError`` mapped to ``SpoolError``.
public struct FFmpegProcessor: MediaProcessor {
    /// The ffmpeg runner.
    public let ffmpeg: FFmpeg

    /// Creates the adapter.
    public init(_ ffmpeg: FFmpeg) {
        self.ffmpeg = ffmpeg
    }

    /// Extracts the audio under a temporary name and renames it, so a half-written WAV never appears
    /// at `request.output`.
    public func extractAudio(_ request: AudioExtractionRequest, progress: @escaping @Sendable (Double) async -> Void) async throws {
        let partial = request.output + ".partial.wav"
        try await MediaError.mapped {
            try await ffmpeg.extractAudio(from: request.source, to: partial, duration: request.duration, progress: progress)
        }
        guard rename(partial, request.output) == 0 else {
            throw SpoolError(.storage, "could not keep the extracted audio")
        }
    }

    /// Measures, mixes and writes the voice-over file; see ``FFmpeg/mux(_:progress:)``.
    public func mixVoiceOver(_ request: VoiceOverRequest, progress: @escaping @Sendable (Double) async -> Void) async throws {
        try await MediaError.mapped { _ = try await ffmpeg.mux(request, progress: progress) }
    }
}
