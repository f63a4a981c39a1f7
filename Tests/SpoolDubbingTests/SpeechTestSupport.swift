import Foundation
import SpoolCore
@testable import SpoolDubbing
import SpoolMedia
import Testing

/// Helpers shared by the speech, tts and openai tests.
enum SpeechTestSupport {
    /// A fresh folder under `$TMPDIR/spool-dubbing-tests`.
    static func makeWorkDirectory(_ label: String = #function) throws -> String {
        let name = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spool-dubbing-tests", isDirectory: true)
            .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Root-mean-square level of `audio` between `from` and `to` seconds (0 when the window is empty).
    static func rms(_ audio: PCMAudio, from: Double, to: Double) -> Double {
        let lower = max(0, Int(from * Double(audio.sampleRate)))
        let upper = min(audio.samples.count, Int(to * Double(audio.sampleRate)))
        guard upper > lower else { return 0 }
        let sum = audio.samples[lower..<upper].reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(upper - lower)).squareRoot()
    }

    /// The largest absolute sample between `from` and `to` seconds.
    static func peak(_ audio: PCMAudio, from: Double, to: Double) -> Int {
        let lower = max(0, Int(from * Double(audio.sampleRate)))
        let upper = min(audio.samples.count, Int(to * Double(audio.sampleRate)))
        guard upper > lower else { return 0 }
        return audio.samples[lower..<upper].map { abs(Int($0)) }.max() ?? 0
    }

    /// ffprobe's duration of the file at `path`.
    static func probedDuration(_ path: String) async throws -> Double {
        try #require(try await FFprobe().probe(path).duration)
    }

    /// A request for `media` with no audio extraction (the tts engine never asks for it).
    static func request(
        media: String, duration: Double? = nil, language: String, workDirectory: String,
        subtitles: [String] = [], extractAudio: @escaping @Sendable () async throws -> String = { throw SpoolError(.internalError, "not used") }
    ) -> DubbingRequest {
        DubbingRequest(
            jobID: JobID("job-\(UUID().uuidString.prefix(6))"), sourceURL: "http://127.0.0.1/clip", mediaPath: media,
            duration: duration, targetLanguage: language, workDirectory: workDirectory,
            subtitlePaths: subtitles, extractAudio: extractAudio
        )
    }

    /// Collects progress reports.
    actor ProgressLog {
        private(set) var reports: [DubbingProgress] = []

        func append(_ report: DubbingProgress) {
            reports.append(report)
        }
    }
}
