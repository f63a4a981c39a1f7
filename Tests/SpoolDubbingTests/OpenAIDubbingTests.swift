import Foundation
import SpoolCore
@testable import SpoolDubbing
import SpoolTesting
import Testing

@Suite("openai engine against a local mock server")
struct OpenAIDubbingTests {
    static let segments: [(start: Double, end: Double, text: String)] = [
        (1.0, 3.0, "Hello there."),
        (4.5, 6.0, "How are you today?"),
        (8.0, 9.5, "Fine, thanks."),
    ]

    /// A request for a generated 12 s video whose audio is extracted with ffmpeg (as the dub stage does).
    static func request(_ folder: String, language: String = "ru", source: String? = nil) async throws -> DubbingRequest {
        let video = try await TestMedia.generateVideo(seconds: 12)
        let audio = folder + "/original.wav"
        var request = SpeechTestSupport.request(media: video.path, language: language, workDirectory: folder) {
            try await SpeechTool.run(tool: "ffmpeg", program: "ffmpeg", arguments: [
                "-nostdin", "-loglevel", "error", "-y", "-i", video.path, "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", audio,
            ])
            return audio
        }
        request.sourceLanguage = source
        return request
    }

    /// Runs `body` with a mock server, which is shut down afterwards.
    static func withServer(_ script: MockOpenAIServer.Script, _ body: (MockOpenAIServer) async throws -> Void) async throws {
        let server = try await MockOpenAIServer.start(script)
        do {
            try await body(server)
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    static func provider(_ server: MockOpenAIServer, key: String = "sk-test", batch: Int = 25, timeout: Double = 60) -> OpenAIDubbingProvider {
        let configuration = OpenAIConfiguration(baseURL: server.baseURL, apiKey: key, requestTimeout: timeout, translationBatchSize: batch)
        return OpenAIDubbingProvider(configuration: .init(server: configuration))
    }

    @Test("transcribe → translate in one batch → speak each phrase → one track of the video's length")
    func fullFlow() async throws {
        try await Self.withServer(.init(segments: Self.segments)) { server in
            let folder = try SpeechTestSupport.makeWorkDirectory()
            let request = try await Self.request(folder)
            let log = SpeechTestSupport.ProgressLog()

            let result = try await Self.provider(server).dub(request) { await log.append($0) }

            let transcriptions = server.requests(to: "/audio/transcriptions")
            #expect(transcriptions.count == 1 && transcriptions.allSatisfy { $0.authorization == "Bearer sk-test" })
            let form = try #require(transcriptions.first)
            #expect(form.formFields["model"] == "whisper-1" && form.formFields["response_format"] == "verbose_json")
            #expect(form.formFields["timestamp_granularities[]"] == "segment")
            #expect((form.formFiles["file"]?.byteCount ?? 0) > 12 * 32_000, "12 s of 16 kHz 16-bit audio was uploaded")

            let chats = server.requests(to: "/chat/completions")
            #expect(chats.count == 1)
            let messages = try #require(chats.first?.json?["messages"] as? [[String: Any]])
            #expect((messages.first?["content"] as? String)?.contains("from English into Russian (ru)") == true)
            #expect(messages.last?["content"] as? String == "1. Hello there.\n2. How are you today?\n3. Fine, thanks.")

            let spoken = server.requests(to: "/audio/speech").compactMap { $0.json?["input"] as? String }.sorted()
            #expect(spoken == ["«Fine, thanks.»", "«Hello there.»", "«How are you today?»"])
            #expect(server.requests(to: "/audio/speech").allSatisfy { $0.json?["response_format"] as? String == "wav" && $0.json?["voice"] as? String == "alloy" })

            let trackDuration = try await SpeechTestSupport.probedDuration(result.audioPath)
            #expect(abs(trackDuration - (try await SpeechTestSupport.probedDuration(request.mediaPath))) < 0.04)
            let track = try PCMAudio(wavFile: result.audioPath)
            #expect(SpeechTestSupport.peak(track, from: 0, to: 0.99) == 0)
            for segment in Self.segments {
                #expect(SpeechTestSupport.rms(track, from: segment.start + 0.05, to: segment.start + 0.8) > 3_000)
            }
            // "«How are you today?»" is 20 characters: 1.2 s of tone from 4.5 s, then silence until 8 s.
            #expect(SpeechTestSupport.peak(track, from: 5.75, to: 7.99) == 0)
            let reports = await log.reports
            #expect(reports.last?.percent == 100 && reports.compactMap(\.message).contains("heard 3 phrases in en"))
        }
    }

    @Test("a wrong key is dubbing_rejected with the server's message")
    func wrongKey() async throws {
        try await Self.withServer(.init(apiKey: "sk-right", segments: Self.segments)) { server in
            let folder = try SpeechTestSupport.makeWorkDirectory()
            let request = try await Self.request(folder)
            let error = await #expect(throws: SpoolError.self) { try await Self.provider(server, key: "sk-wrong").dub(request) { _ in } }
            #expect(error?.code == .dubbingRejected)
            #expect(error?.message.contains("Incorrect API key provided.") == true && error?.message.contains("401") == true)
            #expect(server.requests.count == 1 && server.requests.first?.status == 401)
        }
    }

    @Test("sloppy chat answers (chatter, `N)` numbering, a dropped line) still translate every phrase")
    func sloppyTranslation() async throws {
        try await Self.withServer(.init(segments: Self.segments, translate: { "RU " + $0 }, sloppyChat: true)) { server in
            let folder = try SpeechTestSupport.makeWorkDirectory()
            _ = try await Self.provider(server, batch: 2).dub(try await Self.request(folder)) { _ in }
            // Batches [1, 2] and [3]; the first answer loses phrase 2, which is asked again alone.
            #expect(server.requests(to: "/chat/completions").count == 3)
            let spoken = Set(server.requests(to: "/audio/speech").compactMap { $0.json?["input"] as? String })
            #expect(spoken == ["RU Hello there.", "RU How are you today?", "RU Fine, thanks."])
        }
    }

    @Test("speech in the source language skips translation")
    func sameLanguage() async throws {
        try await Self.withServer(.init(segments: Self.segments)) { server in
            let folder = try SpeechTestSupport.makeWorkDirectory()
            _ = try await Self.provider(server).dub(try await Self.request(folder, language: "en")) { _ in }
            #expect(server.requests(to: "/chat/completions").isEmpty)
            #expect(Set(server.requests(to: "/audio/speech").compactMap { $0.json?["input"] as? String }) == Set(Self.segments.map(\.text)))
        }
    }

    @Test("a failing speech service (503) and an unreachable server are dubbing_failed")
    func serverFailures() async throws {
        let server = try await MockOpenAIServer.start(.init(segments: Self.segments, speechFailureStatus: 503))
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let request = try await Self.request(folder, source: "en")
        let failed = await #expect(throws: SpoolError.self) { try await Self.provider(server).dub(request) { _ in } }
        #expect(failed?.code == .dubbingFailed && failed?.message.contains("HTTP 503") == true)
        #expect(server.requests(to: "/audio/transcriptions").first?.formFields["language"] == "en")

        try await server.shutdown()
        // AsyncHTTPClient keeps retrying a refused connection until the request's deadline.
        let unreachable = await #expect(throws: SpoolError.self) { try await Self.provider(server, timeout: 2).dub(request) { _ in } }
        #expect(unreachable?.code == .dubbingFailed && unreachable?.message.contains("did not answer") == true)
    }

    @Test("translation replies are read by number, leniently")
    func numberedLines() {
        let reply = "Here you go:\n\n2) два\n1. один\n3: три\n1. again\n7. out of range\n  4 - четыре"
        #expect(OpenAITranslator.numberedLines(reply, count: 4) == [1: "один", 2: "два", 3: "три", 4: "четыре"])
        #expect(OpenAITranslator.numberedLines("Just the text.", count: 1) == [1: "Just the text."])
        #expect(LanguageNames.code(for: "english") == "en" && LanguageNames.code(for: "pt-BR") == "pt" && LanguageNames.code(for: "klingon") == nil)
    }
}
