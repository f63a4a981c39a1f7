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

    /// Transcribes the WAV file at `audioPath`.
    ///
    /// - Parameter language: The spoken language (ISO 639-1) when known; helps the model.
    /// - Throws: ``SpoolError`` `.dubbingFailed` for unreadable answers; the client's errors.
    func transcribe(audioPath: String, language: String?) async throws -> Transcript {
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
