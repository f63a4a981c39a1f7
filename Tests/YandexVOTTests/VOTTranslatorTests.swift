import Foundation
import SpoolTesting
import Testing
import YandexVOT

/// Whole translations against the mock: polling on hints, uploads, failures, limits, cancellation.
@Suite("VOT translator")
struct VOTTranslatorTests {
    private func translator(_ client: VOTClient, _ sleeps: RecordedSleeps, _ adjust: (inout VOTTranslator.Configuration) -> Void = { _ in }) -> VOTTranslator {
        var configuration = VOTTranslator.Configuration(sleep: sleeps.sleep)
        adjust(&configuration)
        return VOTTranslator(client: client, configuration: configuration)
    }

    @Test("WAITING(46) → WAITING(5) → PART_CONTENT → FINISHED: waits follow the hint, the MP3 downloads")
    func defaultFlow() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http)
            let sleeps = RecordedSleeps()
            let events = RecordedEvents()
            let request = VOTTranslationRequest(url: "https://example.com/watch/1", duration: 95, sourceLanguage: "en", targetLanguage: "ru")
            let result = try await translator(client, sleeps).translate(request, events: { events.record($0) })
            #expect(sleeps.values == [.seconds(46), .seconds(30), .seconds(30)], "first wait = the hint, then 30 s")
            #expect(result.polls == 4 && result.duration == 2 && !result.isLivelyVoice)
            #expect(result.translationID == server.translationID(url: request.url))
            #expect(result.audioURL.hasPrefix(server.baseURL + "/tts/prod/"))
            #expect(events.values.first == .waiting(status: 2, remainingTime: 46, nextPoll: .seconds(46), waited: .zero))
            #expect(events.values.contains { if case .partialAudio = $0 { true } else { false } })
            let translateCalls = server.translateRequests
            #expect(translateCalls.count == 4 && Set(translateCalls).count == 1, "every poll repeats the same request")
            #expect(server.sessionsCreated == 1)

            let folder = try VOTTestSupport.makeDirectory()
            let path = folder + "/voice.mp3"
            let written = try await client.download(result.audioURL, to: path)
            #expect(written == Int64(server.mp3.count))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == server.mp3)
            #expect(!FileManager.default.fileExists(atPath: path + ".part"))
        }
    }

    @Test("a cached video finishes on the first call without waiting")
    func cached() async throws {
        try await VOTTestSupport.withMock { server, http in
            let sleeps = RecordedSleeps()
            let result = try await translator(VOTTestSupport.client(server, http), sleeps).translate(.init(url: "https://example.com/v/cached"))
            #expect(result.polls == 1 && sleeps.values.isEmpty)
        }
    }

    @Test("YouTube, status 6: fail-audio-js and an empty upload once, then the request is repeated at once")
    func youTubeFailAudio() async throws {
        try await VOTTestSupport.withMock { server, http in
            let sleeps = RecordedSleeps()
            let events = RecordedEvents()
            let request = VOTTranslationRequest(url: "https://youtu.be/LK6nLR1bzpI")
            let result = try await translator(VOTTestSupport.client(server, http), sleeps).translate(request, events: { events.record($0) })
            #expect(server.failAudioCalls == ["https://youtu.be/LK6nLR1bzpI"])
            let uploads = server.audioUploads
            #expect(uploads.count == 1 && uploads.first?.audioInfo.fileID == VOTClient.failAudioFileID && uploads.first?.audioInfo.audioFile.isEmpty == true)
            #expect(result.polls == 5, "one status 6, then the default four")
            #expect(sleeps.values == [.seconds(46), .seconds(30), .seconds(30)], "no wait between status 6 and the next request")
            #expect(events.values.first == .audioRequested)
        }
    }

    @Test("status 6 for another site: the audio file is uploaded whole")
    func singleUpload() async throws {
        try await VOTTestSupport.withMock { server, http in
            let folder = try VOTTestSupport.makeDirectory()
            let audio = Data((0..<3_000).map { UInt8($0 % 251) })
            try audio.write(to: URL(fileURLWithPath: folder + "/audio.wav"))
            let request = VOTTranslationRequest(url: "https://example.com/v/needs-audio")
            let result = try await translator(VOTTestSupport.client(server, http), RecordedSleeps()).translate(request, audio: {
                VOTAudioFile(path: folder + "/audio.wav")
            })
            #expect(server.failAudioCalls.isEmpty)
            let upload = try #require(server.audioUploads.first)
            #expect(server.audioUploads.count == 1 && upload.hasAudioInfo)
            #expect(upload.audioInfo.fileID == #"{"downloadType":"web_api_steal_sig_and_n","itag":0,"minChunkSize":5295308,"fileSize":"3000"}"#)
            #expect(server.uploadedAudio(translationID: result.translationID) == audio)
        }
    }

    @Test("a file larger than the chunk size goes in numbered chunks that add up")
    func chunkedUpload() async throws {
        try await VOTTestSupport.withMock { server, http in
            let folder = try VOTTestSupport.makeDirectory()
            let audio = Data((0..<3_500).map { UInt8($0 % 199) })
            try audio.write(to: URL(fileURLWithPath: folder + "/audio.wav"))
            let client = VOTTestSupport.client(server, http) { $0.uploadChunkSize = 1_000 }
            let events = RecordedEvents()
            let request = VOTTranslationRequest(url: "https://example.com/v/needs-audio")
            let result = try await translator(client, RecordedSleeps()).translate(request, audio: { VOTAudioFile(path: folder + "/audio.wav") }) {
                events.record($0)
            }
            let chunks = server.audioUploads.map(\.partialAudioInfo)
            #expect(chunks.map(\.audioBuffer.chunkID) == [0, 1, 2, 3])
            #expect(chunks.map(\.audioBuffer.audioFile.count) == [1_000, 1_000, 1_000, 500])
            #expect(chunks.allSatisfy { $0.audioPartsLength == 4 && $0.version == 1 })
            #expect(server.uploadedAudio(translationID: result.translationID) == audio)
            #expect(events.values.filter { if case .uploadedAudio = $0 { true } else { false } }.count == 4)
        }
    }

    @Test("status 6 with no audio to give fails as audioRequired")
    func noAudio() async throws {
        try await VOTTestSupport.withMock { server, http in
            await #expect(throws: VOTError.audioRequired) {
                try await translator(VOTTestSupport.client(server, http), RecordedSleeps()).translate(.init(url: "https://example.com/v/needs-audio"))
            }
        }
    }

    @Test("status 0 with shouldRetry: backed-off retries, then the server's message")
    func failing() async throws {
        try await VOTTestSupport.withMock { server, http in
            let sleeps = RecordedSleeps()
            let error = await #expect(throws: VOTError.self) {
                try await translator(VOTTestSupport.client(server, http), sleeps).translate(.init(url: "https://example.com/v/fail"))
            }
            #expect(error == .translationFailed(message: "Возникла ошибка при переводе, попробуйте позже", shouldRetry: 1))
            #expect(error?.isRetryable == true)
            #expect(sleeps.values == [.seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(120)])
            #expect(server.translateRequests.count == 6)
        }
    }

    @Test("a translation that never ends stops at the total wait limit")
    func waitLimit() async throws {
        try await VOTTestSupport.withMock { server, http in
            let sleeps = RecordedSleeps()
            let translator = translator(VOTTestSupport.client(server, http), sleeps) { $0.maxTotalWait = .seconds(300) }
            await #expect(throws: VOTError.waitLimitExceeded(.seconds(300))) {
                try await translator.translate(.init(url: "https://example.com/v/long"))
            }
            #expect(sleeps.values.first == .seconds(120), "a 600 s hint waits 120 s")
            #expect(sleeps.values.reduce(.zero, +) <= .seconds(300))
        }
    }

    @Test("status 8, lively voices without auth, and a detected language")
    func otherStatuses() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http)
            let translator = translator(client, RecordedSleeps())
            await #expect(throws: VOTError.unknownStatus(8, message: "Слишком много запросов")) {
                try await translator.translate(.init(url: "https://example.com/v/status8"))
            }
            let lively = VOTTranslationRequest(url: "https://example.com/v/cached", useLivelyVoice: true)
            let error = await #expect(throws: VOTError.self) { try await translator.translate(lively) }
            #expect(error == .authRequired(message: "Требуется авторизация") && error?.isRetryable == false)
            let authorized = VOTTestSupport.client(server, http) { $0.oauthToken = "token" }
            let result = try await VOTTranslator(client: authorized, configuration: .init(sleep: RecordedSleeps().sleep)).translate(lively)
            #expect(result.isLivelyVoice)
            #expect(server.requests.last { $0.path == "/video-translation/translate" }?.headers["authorization"] == "OAuth token")
            let detected = try await translator.translate(.init(url: "https://example.com/v/detect-de"))
            #expect(detected.detectedLanguage == "de")
        }
    }

    @Test("cancelling the task stops polling")
    func cancellation() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http)
            let (waiting, signal) = AsyncStream.makeStream(of: Void.self)
            // Real sleeps: the first wait would last 120 s.
            let translator = VOTTranslator(client: client)
            let task = Task {
                // Ends the wait below even when the translation fails before its first wait.
                defer { signal.finish() }
                return try await translator.translate(.init(url: "https://example.com/v/long"), events: { event in
                    if case .waiting = event { signal.yield() }
                })
            }
            for await _ in waiting { break }
            task.cancel()
            let outcome = await task.result
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(server.translateRequests.count == 1)
        }
    }
}
