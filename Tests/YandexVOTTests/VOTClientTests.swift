import AsyncHTTPClient
import Foundation
import NIOCore
import SpoolTesting
import Testing
import YandexVOT

/// One call at a time against the mock: sessions, signatures and failures.
@Suite("VOT client")
struct VOTClientTests {
    let request = VOTTranslationRequest(url: "https://example.com/video/cached", duration: 12, sourceLanguage: "en", targetLanguage: "ru")

    @Test("one session serves many calls, with the browser's headers and no Origin or Referer")
    func sessionReuse() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http)
            for _ in 0..<3 {
                let answer = try await client.translate(request)
                #expect(answer.status == 1)
            }
            #expect(server.sessionsCreated == 1)
            #expect(server.translateRequests.count == 3)
            let translate = try #require(server.requests.last)
            #expect(translate.path == "/video-translation/translate" && translate.status == 200)
            #expect(translate.headers["user-agent"] == VOTClient.Configuration.defaultUserAgent)
            #expect(translate.headers["accept"] == "application/x-protobuf" && translate.headers["accept-language"] == "en")
            #expect(translate.headers["pragma"] == "no-cache" && translate.headers["cache-control"] == "no-cache")
            #expect(translate.headers["origin"] == nil && translate.headers["referer"] == nil)
            #expect(translate.headers["sec-vtrans-token"]?.hasSuffix(":/video-translation/translate:26.6.4.760") == true)
            #expect(server.rejectedRequests.isEmpty)
        }
    }

    @Test("an expired session is replaced by a new one")
    func sessionRenewal() async throws {
        let clock = TestClock()
        try await VOTTestSupport.withMock(.init(sessionLifetime: 60)) { server, http in
            let client = VOTTestSupport.client(server, http) { $0.now = { clock.now } }
            _ = try await client.translate(request)
            let first = try await client.session()
            clock.advance(by: 30)
            #expect(try await client.session() == first, "still usable after half its life")
            clock.advance(by: 31)
            _ = try await client.translate(request)
            let second = try await client.session()
            #expect(second.uuid != first.uuid && second.secretKey != first.secretKey)
            #expect(server.sessionsCreated == 2)
        }
    }

    @Test("the mock refuses a session key it let expire, and the client starts over")
    func expiredKeyRejected() async throws {
        try await VOTTestSupport.withMock { server, http in
            // The client believes the session is still valid: its clock never moves. The mock ends
            // it explicitly (a one-second lifetime raced a loaded machine's first request).
            let frozen = Date()
            let client = VOTTestSupport.client(server, http) { $0.now = { frozen } }
            _ = try await client.translate(request)
            server.expireSessions()
            await #expect(throws: VOTError.httpStatus(.translate, status: 403, body: "expired session")) {
                try await client.translate(request)
            }
            #expect(server.rejectedRequests.map(\.rejection) == ["expired session"])
            _ = try await client.translate(request)
            #expect(server.sessionsCreated == 2, "a refused key is dropped")
        }
    }

    @Test("a wrong HMAC key is refused with 403 and reported without decoding the body")
    func wrongKey() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http) { $0.hmacKey = "not-the-key" }
            let error = await #expect(throws: VOTError.self) { try await client.translate(request) }
            #expect(error == .httpStatus(.createSession, status: 403, body: "bad body signature"))
            #expect(error?.isRetryable == false)
            #expect(error?.description == "Failed to request create session: HTTP 403")
            #expect(server.sessionsCreated == 0 && server.translateRequests.isEmpty)
        }
    }

    @Test("a wrong component version fails the token check")
    func wrongVersion() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http) { $0.componentVersion = "25.1.0.1" }
            await #expect(throws: VOTError.httpStatus(.translate, status: 403, body: "wrong component version")) {
                try await client.translate(request)
            }
            #expect(server.sessionsCreated == 1 && server.translateRequests.isEmpty)
        }
    }

    @Test("the mock checks each signed header: body signature, token path, secret key")
    func signedHeaders() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http)
            let session = try await client.session()
            let body: [UInt8] = try request.message.serializedBytes()
            let signer = VOTSigner()
            func send(signature: String, tokenPath: String, secretKey: String) async throws -> Int {
                var raw = HTTPClientRequest(url: server.baseURL + "/video-translation/translate")
                raw.method = .POST
                raw.headers.add(name: "User-Agent", value: "tests")
                raw.headers.add(name: "Content-Type", value: "application/x-protobuf")
                raw.headers.add(name: "Vtrans-Signature", value: signature)
                raw.headers.add(name: "Sec-Vtrans-Sk", value: secretKey)
                raw.headers.add(name: "Sec-Vtrans-Token", value: signer.token(uuid: session.uuid, path: tokenPath, componentVersion: "26.6.4.760"))
                raw.body = .bytes(ByteBuffer(bytes: body))
                return Int(try await http.execute(raw, timeout: .seconds(10)).status.code)
            }
            let good = signer.signature(of: body)
            #expect(try await send(signature: good, tokenPath: "/video-translation/translate", secretKey: session.secretKey) == 200)
            let bad = VOTSigner(key: "wrong").signature(of: body)
            #expect(try await send(signature: bad, tokenPath: "/video-translation/translate", secretKey: session.secretKey) == 403)
            #expect(try await send(signature: good, tokenPath: "/video-translation/audio", secretKey: session.secretKey) == 403)
            #expect(try await send(signature: good, tokenPath: "/video-translation/translate", secretKey: "00ff") == 403)
            #expect(server.rejectedRequests.map(\.rejection) == ["bad body signature", "token path does not match the request", "unknown secret key"])
        }
    }

    @Test("a worker-mode client against a direct server is refused, not decoded")
    func workerAgainstDirect() async throws {
        try await VOTTestSupport.withMock { server, http in
            let worker = VOTTestSupport.client(server, http, workerProxy: true)
            await #expect(throws: VOTError.httpStatus(.createSession, status: 400, body: "content type is not application/x-protobuf")) {
                try await worker.translate(request)
            }
        }
    }

    @Test("connection refused is a retryable transport error; a bad host is rejected")
    func transport() async throws {
        let server = try await MockVOTServer.start()
        let base = server.baseURL
        try await server.shutdown()
        try await VOTTestSupport.withMock { _, http in
            let client = VOTClient(configuration: .init(host: base), httpClient: http, logger: .init(label: "vot-tests"))
            let error = await #expect(throws: VOTError.self) { try await client.session() }
            guard case .transport(.createSession, _)? = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(error?.isRetryable == true)
            let bad = VOTClient(configuration: .init(host: "http://host/with/path"), httpClient: http, logger: .init(label: "vot-tests"))
            await #expect(throws: VOTError.invalidHost("http://host/with/path")) { try await bad.session() }
        }
    }

    @Test("an answer slower than the request timeout is a retryable timeout")
    func timeout() async throws {
        try await VOTTestSupport.withMock { server, http in
            let client = VOTTestSupport.client(server, http) { $0.requestTimeout = .seconds(12) }  // the mock answers /slow after 20 s; the session needs room on a loaded machine
            _ = try await client.session()
            let error = await #expect(throws: VOTError.self) { try await client.translate(.init(url: "https://example.com/v/slow")) }
            #expect(error == .timedOut(.translate) && error?.isRetryable == true)
        }
    }

    @Test("a host without a scheme means HTTPS")
    func baseURL() throws {
        #expect(try VOTClient.Configuration().baseURL() == "https://api.browser.yandex.ru")
        #expect(try VOTClient.Configuration(host: "vot-worker.toil.cc/").baseURL() == "https://vot-worker.toil.cc")
        #expect(try VOTClient.Configuration(host: "http://127.0.0.1:8080").baseURL() == "http://127.0.0.1:8080")
    }
}
