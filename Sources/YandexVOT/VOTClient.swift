import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SwiftProtobuf

/// A client of Yandex's voice-over translation API (spec `specs/yandex-vot.md`).
///
/// It creates and reuses sessions, signs every call, and sends protobuf messages directly or through a
/// vot-worker proxy. Each method is one HTTP request; ``VOTTranslator`` runs the whole polling flow.
/// Copies share one session cache.
public struct VOTClient: Sendable {
    /// The session module of every call this client makes.
    public static let videoTranslationModule = "video-translation"
    /// The `fileId` of the empty upload that follows `fail-audio-js` (spec §5.3 A).
    public static let failAudioFileID = "web_api_get_all_generating_urls_data_from_iframe"

    /// Where and how to talk to the service.
    public let configuration: Configuration
    let httpClient: HTTPClient
    let logger: Logger
    let signer: VOTSigner
    let sessions = VOTSessionCache()

    /// Creates a client on an HTTP client the caller owns and shuts down.
    public init(configuration: Configuration = Configuration(), httpClient: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.signer = VOTSigner(key: configuration.hmacKey)
    }

    /// The cached session for `module`, or a new one from `POST /session/create`.
    public func session(module: String = VOTClient.videoTranslationModule) async throws -> VOTSession {
        let now = configuration.now()
        if let session = await sessions.session(module: module, now: now, margin: configuration.sessionRenewalMargin) {
            return session
        }
        var message = VOTProto_YandexSessionRequest()
        message.uuid = VOTSigner.makeUUID()
        message.module = module
        let body: [UInt8] = try message.serializedBytes()
        var headers = VOTWireRequest.defaultHeaders(userAgent: configuration.userAgent, contentType: "application/x-protobuf")
        headers.append(("Vtrans-Signature", signer.signature(of: body)))
        let request = VOTWireRequest(method: .POST, path: "/session/create", headers: headers, body: .protobuf(body))
        let answer = try await perform(request, .createSession, timeout: configuration.requestTimeout)
        let response = try decode(VOTProto_YandexSessionResponse.self, answer, .createSession)
        let session = VOTSession(uuid: message.uuid, secretKey: response.secretKey, expires: Int(response.expires), createdAt: now)
        await sessions.store(session, module: module)
        logger.debug("VOT session created", metadata: ["vot.expires": "\(response.expires)"])
        return session
    }

    /// Sends one `POST /video-translation/translate` (also the status poll) and returns the raw answer.
    public func translate(_ request: VOTTranslationRequest) async throws -> VOTProto_VideoTranslationResponse {
        var extra: [(String, String)] = []
        if let token = configuration.oauthToken, !token.isEmpty {
            extra.append(("Authorization", "OAuth \(token)"))
        }
        let answer = try await signedCall(
            "/video-translation/translate", method: .POST, message: request.message, extraHeaders: extra,
            operation: .translate, timeout: configuration.requestTimeout
        )
        return try decode(VOTProto_VideoTranslationResponse.self, answer, .translate)
    }

    /// Sends one `PUT /video-translation/audio` (a whole file, one chunk, or an empty `fail-audio` upload).
    public func sendAudio(_ message: VOTProto_VideoTranslationAudioRequest) async throws -> VOTProto_VideoTranslationAudioResponse {
        let answer = try await signedCall(
            "/video-translation/audio", method: .PUT, message: message, extraHeaders: [],
            operation: .uploadAudio, timeout: configuration.uploadTimeout
        )
        return try decode(VOTProto_VideoTranslationAudioResponse.self, answer, .uploadAudio)
    }

    /// `PUT /video-translation/fail-audio-js`: tells the service the browser could not get the audio.
    ///
    /// - Throws: ``VOTError/failAudioRejected`` unless the answer is `{"status":1}` (only YouTube videos).
    public func failAudio(videoURL: String) async throws {
        let json = String(decoding: try JSONEncoder().encode(["video_url": videoURL]), as: UTF8.self)
        var headers = VOTWireRequest.defaultHeaders(userAgent: configuration.userAgent, contentType: "application/json")
        if configuration.workerProxy {
            headers = headers.map { $0.0 == "Accept" ? ("Accept", "application/json") : $0 }
        }
        let request = VOTWireRequest(method: .PUT, path: "/video-translation/fail-audio-js", headers: headers, body: .json(json))
        let answer = try await perform(request, .failAudio, timeout: configuration.requestTimeout)
        struct Status: Decodable { var status: Int }
        guard let status = try? JSONDecoder().decode(Status.self, from: Data(answer.readableBytesView)), status.status == 1 else {
            throw VOTError.failAudioRejected
        }
    }

    /// The URL to fetch a translated audio file from: as given, or through the worker's audio proxy.
    public func downloadURL(for audioURL: String) throws(VOTError) -> String {
        let prefix = "https://vtrans.s3-private.mds.yandex.net/tts/prod/"
        guard configuration.workerProxy, audioURL.hasPrefix(prefix) else { return audioURL }
        return try configuration.baseURL() + "/video-translation/audio-proxy/" + String(audioURL.dropFirst(prefix.count))
    }

    /// Downloads a translated audio file to `path` (written as `path.part`, then renamed).
    ///
    /// - Returns: The number of bytes written.
    @discardableResult
    public func download(_ audioURL: String, to path: String) async throws -> Int64 {
        var request = HTTPClientRequest(url: try downloadURL(for: audioURL))
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        let partial = path + ".part"
        let written: Int64
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(configuration.downloadTimeout))
            guard response.status == .ok else {
                let body = try? await response.body.collect(upTo: 512)
                throw VOTError.httpStatus(.download, status: Int(response.status.code), body: body.map { String(buffer: $0) } ?? "")
            }
            _ = FileManager.default.createFile(atPath: partial, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
            defer { try? handle.close() }
            var count: Int64 = 0
            for try await chunk in response.body {
                try handle.write(contentsOf: Data(chunk.readableBytesView))
                count += Int64(chunk.readableBytes)
            }
            written = count
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw Self.mapTransport(error, .download)
        }
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return written
    }

    /// Signs and sends a protobuf message with the `Vtrans` headers of the video-translation session.
    private func signedCall(
        _ path: String, method: HTTPMethod, message: some SwiftProtobuf.Message, extraHeaders: [(String, String)],
        operation: VOTOperation, timeout: Duration
    ) async throws -> ByteBuffer {
        let session = try await session()
        let body: [UInt8] = try message.serializedBytes()
        var headers = VOTWireRequest.defaultHeaders(userAgent: configuration.userAgent, contentType: "application/x-protobuf")
        headers.append(("Vtrans-Signature", signer.signature(of: body)))
        headers.append(("Sec-Vtrans-Sk", session.secretKey))
        headers.append(("Sec-Vtrans-Token", signer.token(uuid: session.uuid, path: path, componentVersion: configuration.componentVersion)))
        headers += extraHeaders
        let request = VOTWireRequest(method: method, path: path, headers: headers, body: .protobuf(body))
        do {
            return try await perform(request, operation, timeout: timeout)
        } catch VOTError.httpStatus(let operation, let status, let body) where status == 401 || status == 403 {
            // The service may have dropped the session; the next call starts a new one.
            await sessions.invalidate(module: Self.videoTranslationModule, secretKey: session.secretKey)
            throw VOTError.httpStatus(operation, status: status, body: body)
        }
    }

    private func decode<M: SwiftProtobuf.Message>(_ type: M.Type, _ buffer: ByteBuffer, _ operation: VOTOperation) throws -> M {
        do {
            return try M(serializedBytes: Array(buffer.readableBytesView))
        } catch {
            throw VOTError.decode(operation, String(describing: error))
        }
    }
}
