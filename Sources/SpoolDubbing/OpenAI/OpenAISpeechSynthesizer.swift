import AsyncHTTPClient
import Foundation
import SpoolCore

/// Speaks with an OpenAI-compatible server: `POST /audio/speech {model, input, voice, response_format: "wav"}`.
public struct OpenAISpeechSynthesizer: SpeechSynthesizer {
    private let client: OpenAIClient

    /// Creates a synthesizer for the server in `configuration`, sending through `httpClient`.
    public init(configuration: OpenAIConfiguration, httpClient: HTTPClient = .shared) {
        client = OpenAIClient(configuration: configuration, httpClient: httpClient)
    }

    /// A synthesizer sharing an engine's client.
    init(client: OpenAIClient) {
        self.client = client
    }

    /// Speaks `text` (the voice is the configured one; the models read the language from the text).
    public func synthesize(_ text: String, language: String, to outputPath: String) async throws {
        let request = SpeechRequest(model: client.configuration.speechModel, input: text, voice: client.configuration.voice)
        let audio = try await client.postJSON("/audio/speech", request)
        guard audio.count > 44 else {
            throw SpoolError(.dubbingFailed, "the speech answer for a phrase is empty")
        }
        try audio.write(to: URL(fileURLWithPath: outputPath))
    }

    struct SpeechRequest: Encodable, Sendable {
        var model: String
        var input: String
        var voice: String
        var response_format = "wav"
    }
}
