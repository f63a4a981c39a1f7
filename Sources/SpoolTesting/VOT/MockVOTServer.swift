import Foundation
import YandexVOT

/// A local stand-in for Yandex's VOT API (and a vot-worker proxy in front of it), speaking the real
/// protocol as `specs/yandex-vot.md` §10 describes: it checks methods, paths, content types, the user
/// agent and every signature (403 when one is wrong), decodes the protobuf bodies (400 when it cannot),
/// plays a scripted translation per URL, accepts audio uploads, and serves the finished MP3.
///
/// Scripts by video URL: the default is WAITING(46 s) → WAITING(5 s) → PART_CONTENT → FINISHED;
/// `…/cached` finishes at once; `…/slow` too, but answers after 20 s; `…/fail` answers status 0 with `shouldRetry`; `…/long` waits forever
/// (status 3); `…/status8` answers status 8; `…/detect-de` reports German as the detected language;
/// `https://youtu.be/…` and `…/needs-audio` ask for audio (status 6) until it is uploaded (YouTube also
/// accepts `fail-audio-js` plus an empty upload); lively voices without `Authorization` get status 7;
/// in worker mode `…/worker-error` gets the worker's own failure (204, `X-Yandex-Status: error-internal`).
public final class MockVOTServer: Sendable {
    /// How the mock behaves.
    public struct Configuration: Sendable {
        /// Session lifetime it hands out, in seconds (keys stop working after it).
        public var sessionLifetime: Int32
        /// The componentVersion tokens must carry.
        public var componentVersion: String
        /// The HMAC key signatures must be made with.
        public var hmacKey: String
        /// Expect every call in a vot-worker JSON envelope (spec §9).
        public var workerMode: Bool
        /// The finished audio's duration it reports, in seconds.
        public var audioDuration: Double
        /// The MP3 to serve; nil generates a 2-second tone with ffmpeg.
        public var mp3: Data?
        /// The largest upload chunk it accepts (the browser's chunk size).
        public var maxChunkSize: Int

        /// Creates a configuration with the real service's constants.
        public init(
            sessionLifetime: Int32 = 3600,
            componentVersion: String = "26.6.4.760",
            hmacKey: String = "bt8xH3VOlb4mqf0nqAibnDOoiPlXsisf",
            workerMode: Bool = false,
            audioDuration: Double = 2,
            mp3: Data? = nil,
            maxChunkSize: Int = 5_295_308
        ) {
            self.sessionLifetime = sessionLifetime
            self.componentVersion = componentVersion
            self.hmacKey = hmacKey
            self.workerMode = workerMode
            self.audioDuration = audioDuration
            self.mp3 = mp3
            self.maxChunkSize = maxChunkSize
        }
    }

    /// One request the mock answered.
    public struct Request: Sendable, Hashable {
        /// The (inner, in worker mode) method.
        public var method: String
        /// The path without the query.
        public var path: String
        /// The answer's status.
        public var status: Int
        /// Why the request was refused, when it was.
        public var rejection: String?
        /// The (inner) request headers, names lowercased.
        public var headers: [String: String]
    }

    /// The bound port on 127.0.0.1.
    public let port: Int
    /// How the mock behaves.
    public let configuration: Configuration
    /// The MP3 it serves for finished translations.
    public let mp3: Data

    private let server: LoopbackHTTPServer<MockVOTConnection>
    private var service: MockVOTService { server.responder.service }

    private init(configuration: Configuration, mp3: Data, server: LoopbackHTTPServer<MockVOTConnection>) {
        self.port = server.port
        self.configuration = configuration
        self.mp3 = mp3
        self.server = server
    }

    /// Starts a mock on 127.0.0.1 and a free port.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> MockVOTServer {
        let mp3: Data
        if let given = configuration.mp3 {
            mp3 = given
        } else {
            mp3 = try Data(contentsOf: try await generatedMP3())
        }
        // The service names its own port in the URLs it hands out.
        let server = try await LoopbackHTTPServer.start { port in
            MockVOTConnection(service: MockVOTService(configuration: configuration, port: port, mp3: mp3))
        }
        return MockVOTServer(configuration: configuration, mp3: mp3, server: server)
    }

    /// `http://127.0.0.1:<port>`, the host to give the client.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Sessions created so far.
    public var sessionsCreated: Int { service.state.withLock { $0.sessionsCreated } }
    /// Every decoded translate request that passed the checks, oldest first.
    public var translateRequests: [VOTProto_VideoTranslationRequest] { service.state.withLock { $0.translateRequests } }
    /// Every accepted audio upload request, oldest first.
    public var audioUploads: [VOTProto_VideoTranslationAudioRequest] { service.state.withLock { $0.audioUploads } }
    /// The `video_url` of every `fail-audio-js` call.
    public var failAudioCalls: [String] { service.state.withLock { $0.failAudioCalls } }
    /// Every request answered, oldest first.
    public var requests: [Request] { service.state.withLock { $0.requests } }
    /// Requests refused with 403 (signature, key or token checks).
    public var rejectedRequests: [Request] { requests.filter { $0.status == 403 } }

    /// Ends every session handed out so far, as if its lifetime had run out (later requests signed
    /// with those keys are refused with 403 "expired session").
    public func expireSessions() {
        service.state.withLock { state in
            for key in state.sessions.keys { state.sessions[key]?.expiresAt = .distantPast }
        }
    }

    /// The complete audio uploaded for `translationID` (whole or reassembled from chunks).
    public func uploadedAudio(translationID: String) -> Data? {
        service.state.withLock { $0.completedAudio[translationID] }
    }

    /// The translation id the mock gave `url`'s job, if it has one.
    public func translationID(url: String) -> String? {
        service.state.withLock { state in state.jobs.values.first { $0.url == url }?.translationID }
    }

    /// Stops accepting and closes the server.
    public func shutdown() async throws {
        await server.shutdown()
    }

    /// A 2-second 300 Hz mono MP3, made once per machine.
    private static func generatedMP3() async throws -> URL {
        let file = TestMedia.cacheDirectory.appendingPathComponent("vot-tone-2s.mp3")
        if FileManager.default.fileExists(atPath: file.path) { return file }
        try FileManager.default.createDirectory(at: TestMedia.cacheDirectory, withIntermediateDirectories: true)
        let scratch = TestMedia.cacheDirectory.appendingPathComponent(".\(UUID().uuidString)-vot-tone-2s.mp3")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try await TestMedia.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=24000:duration=2", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", scratch.path])
        do {
            try FileManager.default.moveItem(at: scratch, to: file)
        } catch where FileManager.default.fileExists(atPath: file.path) {
            // Another test made it first; use theirs.
        }
        return file
    }
}
