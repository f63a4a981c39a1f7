import Foundation
import Synchronization

/// A local stand-in for an OpenAI-compatible server (HTTP/1.1 on 127.0.0.1, an ephemeral port, under `/v1`).
///
/// It speaks the real protocol for the three endpoints dubbing uses: `POST /v1/audio/transcriptions`
/// (multipart/form-data in, canned `verbose_json` segments out), `POST /v1/chat/completions` (each
/// numbered line `N. text` of the last user message answered as `N. translate(text)`), and
/// `POST /v1/audio/speech` (a real 24 kHz mono WAV tone, ``Script/secondsPerCharacter`` per character of
/// input). Every request needs `Authorization: Bearer <key>` (401 JSON error otherwise) and is recorded.
public final class MockOpenAIServer: Sendable {
    /// What the server answers.
    public struct Script: Sendable {
        /// The key clients must send.
        public var apiKey: String
        /// The `language` reported by transcriptions (Whisper names it in English, e.g. `english`).
        public var language: String
        /// The transcription's segments: start and end in seconds, text.
        public var segments: [(start: Double, end: Double, text: String)]
        /// The "translation" of one line.
        public var translate: @Sendable (String) -> String
        /// Leave the last line out of multi-line chat answers and add chatter (to exercise lenient parsing).
        public var sloppyChat: Bool
        /// Speech length per character of input.
        public var secondsPerCharacter: Double
        /// A status to answer `/audio/speech` with instead of audio (e.g. 503), nil for audio.
        public var speechFailureStatus: Int?

        /// Creates a script.
        public init(
            apiKey: String = "sk-test",
            language: String = "english",
            segments: [(start: Double, end: Double, text: String)] = [],
            translate: @escaping @Sendable (String) -> String = { "«\($0)»" },
            sloppyChat: Bool = false,
            secondsPerCharacter: Double = 0.06,
            speechFailureStatus: Int? = nil
        ) {
            self.apiKey = apiKey
            self.language = language
            self.segments = segments
            self.translate = translate
            self.sloppyChat = sloppyChat
            self.secondsPerCharacter = secondsPerCharacter
            self.speechFailureStatus = speechFailureStatus
        }
    }

    /// One request the server received.
    public struct Request: Sendable, Hashable {
        /// The method, e.g. `POST`.
        public var method: String
        /// The path, e.g. `/v1/audio/speech`.
        public var path: String
        /// The `Authorization` header, if any.
        public var authorization: String?
        /// The `Content-Type` header, if any.
        public var contentType: String?
        /// The raw body.
        public var body: Data
        /// Multipart text fields by name (for `multipart/form-data` bodies).
        public var formFields: [String: String]
        /// Multipart files: field name → (file name, byte count).
        public var formFiles: [String: MockFormFile]
        /// The response status.
        public var status: Int

        /// The body parsed as a JSON object, when it is one.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        }
    }

    /// The port the server listens on.
    public let port: Int
    /// `http://127.0.0.1:<port>/v1`.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private let server: LoopbackHTTPServer<MockOpenAIResponder>
    private let log: RequestLog

    /// The requests received, shared with the connection handlers.
    final class RequestLog: Sendable {
        private let entries = Mutex<[Request]>([])

        func append(_ request: Request) {
            entries.withLock { $0.append(request) }
        }

        var all: [Request] {
            entries.withLock { $0 }
        }
    }

    private init(server: LoopbackHTTPServer<MockOpenAIResponder>, log: RequestLog) {
        self.port = server.port
        self.server = server
        self.log = log
    }

    /// Starts a server answering by `script` on 127.0.0.1 and a free port.
    public static func start(_ script: Script) async throws -> MockOpenAIServer {
        let log = RequestLog()
        let server = try await LoopbackHTTPServer.start { _ in MockOpenAIResponder(script: script, log: log) }
        return MockOpenAIServer(server: server, log: log)
    }

    /// Every request received so far, oldest first.
    public var requests: [Request] {
        log.all
    }

    /// Requests to a path ending in `suffix` (e.g. `/audio/speech`).
    public func requests(to suffix: String) -> [Request] {
        requests.filter { $0.path.hasSuffix(suffix) }
    }

    /// Stops accepting, ends open connections, and waits for the server to wind down.
    public func shutdown() async throws {
        await server.shutdown()
    }
}

/// A file part of a multipart request.
public struct MockFormFile: Sendable, Hashable {
    /// The `filename` parameter.
    public var filename: String
    /// The part's `Content-Type`.
    public var contentType: String?
    /// Its size in bytes.
    public var byteCount: Int
}
