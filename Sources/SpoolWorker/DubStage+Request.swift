import Foundation
import SpoolCore

extension DubStage {
    /// The engine's request for `job`: the library file, its duration, the subtitles in the target
    /// language (the user's first, then the site's) and a one-time audio extraction.
    func prepare(_ job: Job) async throws -> DubbingRequest {
        guard let mediaPath = job.outputPath, storage.fileExists(mediaPath) else {
            throw SpoolError(.dubbingRejected, "the downloaded file is missing; retry the job to download it again")
        }
        guard let target = job.options.targetLang else {
            throw SpoolError(.invalidInput, "the job has no target language")
        }
        let folder = try storage.createWorkDirectory(for: job.id, subfolder: "dub")
        var subtitles: [String] = []
        if let text = job.options.dubbingSubtitles {
            let isVTT = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }.hasPrefix("WEBVTT")
            let path = folder + "/user.\(target).\(isVTT ? "vtt" : "srt")"
            try storage.write(text, to: path)
            subtitles.append(path)
        }
        subtitles += job.artifacts.filter { $0.kind == .subtitles && storage.fileExists($0.path) }.map(\.path)
        let media = try await service.store.media(for: job.id)
        let extraction = AudioExtraction(
            processor: processor, storage: storage,
            request: AudioExtractionRequest(source: mediaPath, output: folder + "/original-16k.wav", duration: media?.duration)
        )
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
/// attempt, reuse the finished file (the processor writes it only once complete).
actor AudioExtraction {
    private let processor: any MediaProcessor
    private let storage: any MediaStorage
    private let request: AudioExtractionRequest

    init(processor: any MediaProcessor, storage: any MediaStorage, request: AudioExtractionRequest) {
        self.processor = processor
        self.storage = storage
        self.request = request
    }

    /// The WAV's path, extracting it first when needed.
    func path() async throws -> String {
        if storage.fileExists(request.output) { return request.output }
        do {
            try await processor.extractAudio(request) { _ in }
        } catch let error as SpoolError where error.code != .storage {
            throw SpoolError(error.code == .toolMissing ? .toolMissing : .toolFailed, "could not extract the original audio: \(error.message)")
        }
        return request.output
    }
}
