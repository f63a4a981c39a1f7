import Foundation
import SpoolCore
import SpoolMedia

extension DubStage {
    /// The engine's request for `job`: the library file, its duration, the subtitles in the target
    /// language (the user's first, then the site's) and a one-time audio extraction.
    func prepare(_ job: Job) async throws -> DubbingRequest {
        guard let mediaPath = job.outputPath, FileManager.default.fileExists(atPath: mediaPath) else {
            throw SpoolError(.dubbingRejected, "the downloaded file is missing; retry the job to download it again")
        }
        guard let target = job.options.targetLang else {
            throw SpoolError(.invalidInput, "the job has no target language")
        }
        let folder = paths.workDirectory(for: job.id) + "/dub"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var subtitles: [String] = []
        if let text = job.options.dubbingSubtitles {
            let isVTT = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }.hasPrefix("WEBVTT")
            let path = folder + "/user.\(target).\(isVTT ? "vtt" : "srt")"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            subtitles.append(path)
        }
        subtitles += job.artifacts.filter { $0.kind == .subtitles && FileManager.default.fileExists(atPath: $0.path) }.map(\.path)
        let media = try await service.store.media(for: job.id)
        let extraction = AudioExtraction(ffmpeg: ffmpeg, source: mediaPath, output: folder + "/original-16k.wav", duration: media?.duration)
        return DubbingRequest(
            jobID: job.id,
            sourceURL: media?.webpageURL ?? job.options.url,
            mediaPath: mediaPath,
            duration: media?.duration,
            title: job.title ?? media?.title,
            sourceLanguage: job.options.sourceLang,
            targetLanguage: target,
            workDirectory: folder,
            subtitlePaths: subtitles,
            extractAudio: { try await extraction.path() }
        )
    }
}

/// Extracts a file's original audio once (seed 000's mono 16 kHz WAV); later calls, and a retried
/// attempt, reuse the finished file.
actor AudioExtraction {
    private let ffmpeg: FFmpeg
    private let source: String
    private let output: String
    private let duration: Double?

    init(ffmpeg: FFmpeg, source: String, output: String, duration: Double?) {
        self.ffmpeg = ffmpeg
        self.source = source
        self.output = output
        self.duration = duration
    }

    /// The WAV's path, extracting it first when needed.
    func path() async throws -> String {
        if FileManager.default.fileExists(atPath: output) { return output }
        // Written under a temporary name and renamed, so a half-written file is never reused.
        let partial = output + ".partial.wav"
        do {
            try await ffmpeg.extractAudio(from: source, to: partial, duration: duration)
        } catch let error as MediaError {
            throw SpoolError(error.code == .toolMissing ? .toolMissing : .toolFailed, "could not extract the original audio: \(error.message)")
        }
        guard rename(partial, output) == 0 else {
            throw SpoolError(.storage, "could not keep the extracted audio")
        }
        return output
    }
}
