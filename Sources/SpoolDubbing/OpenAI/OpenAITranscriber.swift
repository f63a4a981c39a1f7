import Foundation
import SpoolCore

/// Speech to timed text: `POST /audio/transcriptions` with `response_format=verbose_json` and segment timestamps.
struct OpenAITranscriber: Sendable {
    /// The server.
    let client: OpenAIClient

    /// What the server heard.
    struct Transcript: Sendable, Hashable {
        /// The detected language as the server names it (`english`, or a code from some servers), if any.
        var language: String?
        /// Timed phrases.
        var segments: [SubtitleCue]
    }

    /// Transcribes the 16-bit PCM WAV file at `audioPath`, in pieces of at most
    /// ``OpenAIConfiguration/maxUploadSeconds`` (written to `scratchDirectory` and removed afterwards).
    ///
    /// - Parameters:
    ///   - language: The spoken language (ISO 639-1) when known; helps the model.
    ///   - progress: Called with (pieces done, pieces in all).
    /// - Throws: ``SpoolError`` `.dubbingFailed` for unreadable audio or answers; the client's errors.
    func transcribe(
        audioPath: String, language: String?, scratchDirectory: String,
        progress: @Sendable (_ done: Int, _ total: Int) async -> Void = { _, _ in }
    ) async throws -> Transcript {
        let pieces = try AudioChunker.split(wavPath: audioPath, maxSeconds: client.configuration.maxUploadSeconds, into: scratchDirectory)
        defer {
            for piece in pieces where piece.path != audioPath { try? FileManager.default.removeItem(atPath: piece.path) }
        }
        var result = Transcript(language: nil, segments: [])
        for (index, piece) in pieces.enumerated() {
            let part = try await transcribePiece(audioPath: piece.path, language: language)
            result.language = result.language ?? part.language
            result.segments += part.segments.map {
                SubtitleCue(start: $0.start + piece.offset, end: $0.end + piece.offset, text: $0.text)
            }
            await progress(index + 1, pieces.count)
        }
        result.segments = SubtitleParser.tidy(result.segments)
        return result
    }

    /// Transcribes one uploadable file.
    private func transcribePiece(audioPath: String, language: String?) async throws -> Transcript {
        guard let audio = FileManager.default.contents(atPath: audioPath) else {
            throw SpoolError(.dubbingFailed, "the extracted audio is missing")
        }
        var form = MultipartForm()
        form.addFile("file", filename: "audio.wav", contentType: "audio/wav", data: audio)
        form.add("model", client.configuration.transcriptionModel)
        form.add("response_format", "verbose_json")
        form.add("timestamp_granularities[]", "segment")
        if let language { form.add("language", language) }
        let body = try await client.postMultipart("/audio/transcriptions", form)
        return try Self.transcript(from: body)
    }

    /// Parses a `verbose_json` answer: its segments, or its whole text as one segment when it has none.
    static func transcript(from body: Data) throws -> Transcript {
        struct Response: Decodable {
            struct Segment: Decodable {
                var start: Double
                var end: Double
                var text: String
            }
            var language: String?
            var duration: Double?
            var text: String?
            var segments: [Segment]?
        }
        guard let response = try? JSONDecoder().decode(Response.self, from: body) else {
            throw SpoolError(.dubbingFailed, "the transcription answer is not verbose_json")
        }
        var segments = (response.segments ?? []).map {
            SubtitleCue(start: $0.start, end: $0.end, text: SubtitleText.collapseWhitespace($0.text))
        }
        if segments.isEmpty, let text = response.text, let duration = response.duration {
            segments = [SubtitleCue(start: 0, end: duration, text: SubtitleText.collapseWhitespace(text))]
        }
        return Transcript(language: response.language, segments: SubtitleParser.tidy(segments))
    }
}
