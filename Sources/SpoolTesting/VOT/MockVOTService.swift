import Crypto
import Foundation
import Synchronization
import YandexVOT

/// The protocol logic of ``MockVOTServer``: unwraps worker envelopes, checks headers and signatures,
/// and routes to the endpoint handlers. It computes HMACs itself (never with the client's signer).
final class MockVOTService: Sendable {
    /// A request as read from the socket.
    struct Incoming: Sendable {
        var method: String
        var path: String
        var query: String?
        var headers: [(String, String)]
        var body: [UInt8]

        /// The first value of header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
    }

    let configuration: MockVOTServer.Configuration
    let port: Int
    let mp3: Data
    let state = Mutex(MockVOTState())
    private let key: SymmetricKey

    init(configuration: MockVOTServer.Configuration, port: Int, mp3: Data) {
        self.configuration = configuration
        self.port = port
        self.mp3 = mp3
        self.key = SymmetricKey(data: Data(configuration.hmacKey.utf8))
    }

    /// Answers one request and logs it.
    func respond(_ request: Incoming) -> MockVOTReply {
        var inner = request
        var reply: MockVOTReply
        if configuration.workerMode, request.method == "POST" || request.method == "PUT" {
            let (unwrapped, refusal) = unwrap(request)
            if let unwrapped {
                inner = unwrapped
                reply = route(unwrapped)
                if !reply.headers.contains(where: { $0.0 == "X-Yandex-Status" }) {
                    reply.headers.append(("X-Yandex-Status", "success"))
                }
            } else {
                reply = refusal ?? .refuse(400, "Bad Request")
            }
        } else {
            reply = route(request)
        }
        let headers = Dictionary(inner.headers.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { first, _ in first })
        let entry = MockVOTServer.Request(method: inner.method, path: inner.path, status: reply.status, rejection: reply.rejection, headers: headers)
        state.withLock { $0.requests.append(entry) }
        return reply
    }

    private func route(_ request: Incoming) -> MockVOTReply {
        let routes: [String: (method: String, handler: (Incoming) -> MockVOTReply)] = [
            "/session/create": ("POST", createSession),
            "/video-translation/translate": ("POST", translate),
            "/video-translation/audio": ("PUT", audio),
            "/video-translation/fail-audio-js": ("PUT", failAudio),
        ]
        if let route = routes[request.path] {
            guard request.method == route.method else { return .refuse(405, "method not allowed") }
            if request.path != "/video-translation/fail-audio-js" {
                if let refusal = checkCommonHeaders(request) { return refusal }
            }
            return route.handler(request)
        }
        if request.method == "GET" || request.method == "HEAD" {
            return media(request)
        }
        return .refuse(404, "unknown path")
    }

    /// Content type and user agent of a protobuf call.
    private func checkCommonHeaders(_ request: Incoming) -> MockVOTReply? {
        guard request.header("Content-Type") == "application/x-protobuf" else { return .refuse(400, "content type is not application/x-protobuf") }
        guard let agent = request.header("User-Agent"), !agent.isEmpty else { return .refuse(400, "no user agent") }
        return nil
    }

    /// Lowercase hex HMAC-SHA256 with the configured key.
    func sign(_ bytes: some DataProtocol) -> String {
        HMAC<SHA256>.authenticationCode(for: bytes, using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks `Vtrans-Signature`, `Sec-Vtrans-Sk` and `Sec-Vtrans-Token`; nil when all are right.
    func checkSigned(_ request: Incoming, prefix: String = "Vtrans") -> MockVOTReply? {
        guard request.header("\(prefix)-Signature") == sign(request.body) else { return .refuse(403, "bad body signature") }
        guard let secretKey = request.header("Sec-\(prefix)-Sk") else { return .refuse(403, "no secret key") }
        let session = state.withLock { $0.sessions[secretKey] }
        guard let session else { return .refuse(403, "unknown secret key") }
        guard session.expiresAt > Date() else { return .refuse(403, "expired session") }
        guard let token = request.header("Sec-\(prefix)-Token") else { return .refuse(403, "no token") }
        let parts = token.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == sign(Array(parts[1].utf8)) else { return .refuse(403, "bad token signature") }
        let fields = parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, fields[0] == session.uuid else { return .refuse(403, "token uuid does not match the key") }
        guard fields[1] == request.path else { return .refuse(403, "token path does not match the request") }
        guard fields[2] == configuration.componentVersion else { return .refuse(403, "wrong component version") }
        return nil
    }

    private func createSession(_ request: Incoming) -> MockVOTReply {
        guard request.header("Vtrans-Signature") == sign(request.body) else { return .refuse(403, "bad body signature") }
        guard let message = try? VOTProto_YandexSessionRequest(serializedBytes: request.body) else { return .refuse(400, "undecodable body") }
        guard message.uuid.count == 32, message.uuid.allSatisfy({ "0123456789ABCDEF".contains($0) }) else { return .refuse(400, "bad uuid") }
        guard message.module == "video-translation" else { return .refuse(400, "unknown module") }
        let secretKey = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let expiresAt = Date().addingTimeInterval(Double(configuration.sessionLifetime))
        state.withLock {
            $0.sessions[secretKey] = .init(uuid: message.uuid, expiresAt: expiresAt)
            $0.sessionsCreated += 1
        }
        var response = VOTProto_YandexSessionResponse()
        response.secretKey = secretKey
        response.expires = configuration.sessionLifetime
        return .protobuf((try? response.serializedBytes()) ?? [])
    }

    /// `GET /tts/prod/<id>.mp3` (direct) or `/video-translation/audio-proxy/<id>.mp3?…` (worker), and `/health`.
    private func media(_ request: Incoming) -> MockVOTReply {
        if configuration.workerMode, request.path == "/health" {
            return .json("{\"status\":\"ok\",\"version\":\"1.0.17\"}")
        }
        let prefix = configuration.workerMode ? "/video-translation/audio-proxy/" : "/tts/prod/"
        guard request.path.hasPrefix(prefix), request.path.hasSuffix(".mp3") else { return .refuse(404, "unknown path") }
        guard request.query?.isEmpty == false else { return .refuse(configuration.workerMode ? 204 : 403, "no signed query") }
        let size = Int64(mp3.count)
        switch ByteRange(header: request.header("Range"), size: size) {
        case nil:
            return MockVOTReply(status: 200, headers: [("Content-Type", "audio/mpeg"), ("Accept-Ranges", "bytes")], body: Array(mp3))
        case .satisfiable(let range)?:
            let headers = [("Content-Type", "audio/mpeg"), ("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)")]
            return MockVOTReply(status: 206, headers: headers, body: Array(mp3[Int(range.lowerBound)..<Int(range.upperBound)]))
        case .unsatisfiable?:
            return MockVOTReply(status: 416, headers: [("Content-Range", "bytes */\(size)")], body: [])
        }
    }

    /// The inner request of a vot-worker envelope, or the worker's refusal (204 + `X-Yandex-Status`).
    private func unwrap(_ request: Incoming) -> (Incoming?, MockVOTReply?) {
        func workerError(_ status: String) -> MockVOTReply {
            MockVOTReply(status: 204, headers: [("X-Yandex-Status", status)], body: [], rejection: status)
        }
        guard request.header("Content-Type") == "application/json" else { return (nil, workerError("error-content")) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            return (nil, .refuse(400, "Bad Request"))
        }
        guard let headers = object["headers"] as? [String: String] else { return (nil, workerError("error-request")) }
        let body: [UInt8]
        if let numbers = object["body"] as? [Int], numbers.allSatisfy({ (0...255).contains($0) }) {
            body = numbers.map { UInt8($0) }
        } else if let text = object["body"] as? String {
            body = Array(text.utf8)
        } else {
            return (nil, workerError("error-request"))
        }
        return (Incoming(method: request.method, path: request.path, query: request.query, headers: headers.map { ($0.key, $0.value) }, body: body), nil)
    }
}
