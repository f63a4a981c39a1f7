import AsyncHTTPClient
import Foundation
import SpoolTesting
import Testing
import YandexVOT

/// The same protocol through a vot-worker proxy: JSON envelopes, the worker's errors, audio through its proxy.
@Suite("VOT through a vot-worker proxy")
struct VOTWorkerProxyTests {
    @Test("a whole translation in envelopes; the MP3 comes through the worker's audio proxy")
    func defaultFlow() async throws {
        try await VOTTestSupport.withMock(.init(workerMode: true)) { server, http in
            let client = VOTTestSupport.client(server, http)
            let sleeps = RecordedSleeps()
            let translator = VOTTranslator(client: client, configuration: .init(sleep: sleeps.sleep))
            let result = try await translator.translate(.init(url: "https://example.com/watch/2", duration: 60))
            #expect(sleeps.values == [.seconds(46), .seconds(30), .seconds(30)])
            #expect(result.audioURL.hasPrefix("https://vtrans.s3-private.mds.yandex.net/tts/prod/"))
            let proxied = try client.downloadURL(for: result.audioURL)
            #expect(proxied == server.baseURL + "/video-translation/audio-proxy/\(result.translationID).mp3?sig=x")
            let path = try VOTTestSupport.makeDirectory() + "/voice.mp3"
            try await client.download(result.audioURL, to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == server.mp3)
            let inner = try #require(server.requests.first { $0.path == "/video-translation/translate" })
            #expect(inner.headers["content-type"] == "application/x-protobuf", "the envelope carries Yandex's headers")
            #expect(inner.headers["vtrans-signature"]?.count == 64)
            #expect(server.rejectedRequests.isEmpty && server.sessionsCreated == 1)
        }
    }

    @Test("YouTube's fail-audio-js path works through the worker")
    func failAudio() async throws {
        try await VOTTestSupport.withMock(.init(workerMode: true)) { server, http in
            let translator = VOTTranslator(client: VOTTestSupport.client(server, http), configuration: .init(sleep: RecordedSleeps().sleep))
            _ = try await translator.translate(.init(url: "https://youtu.be/abcdefghijk"))
            #expect(server.failAudioCalls == ["https://youtu.be/abcdefghijk"])
            let call = try #require(server.requests.first { $0.path == "/video-translation/fail-audio-js" })
            #expect(call.headers["content-type"] == "application/json" && call.headers["accept"] == "application/json")
        }
    }

    @Test("the worker's refusals (204 + X-Yandex-Status) are errors; signatures are still checked inside")
    func workerErrors() async throws {
        try await VOTTestSupport.withMock(.init(workerMode: true)) { server, http in
            let direct = VOTTestSupport.client(server, http, workerProxy: false)
            await #expect(throws: VOTError.httpStatus(.createSession, status: 204, body: "")) { try await direct.session() }
            #expect(server.requests.last?.rejection == "error-content")
            let wrongKey = VOTTestSupport.client(server, http) { $0.hmacKey = "nope" }
            await #expect(throws: VOTError.httpStatus(.createSession, status: 403, body: "bad body signature")) { try await wrongKey.session() }
            let client = VOTTestSupport.client(server, http)
            let error = await #expect(throws: VOTError.self) { try await client.translate(.init(url: "https://example.com/v/worker-error")) }
            #expect(error == .worker(.translate, "error-internal") && error?.isRetryable == true)
            let health = try await http.execute(HTTPClientRequest(url: server.baseURL + "/health"), timeout: .seconds(10))
            #expect(health.status == .ok)
        }
    }
}
