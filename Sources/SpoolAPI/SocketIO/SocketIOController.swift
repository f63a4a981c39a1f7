import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// `/socket.io/`: a Socket.IO v5 server over Engine.IO v4, for the official Socket.IO clients
/// (socket.io-client 4.x, python-socketio 5.x).
///
/// Two ways in, both served:
/// - WebSocket-only: `GET /socket.io/?EIO=4&transport=websocket` upgraded at once; the open
///   packet is the first message (`upgrades: []`).
/// - Polling first (the clients' default): the handshake `GET ?EIO=4&transport=polling` answers
///   the open packet (`upgrades: ["websocket"]`), long-poll GETs and POSTs carry packets, and a
///   WebSocket with `sid=` upgrades the session (see ``EngineIOSession``). Polling sessions live
///   in this gateway's memory (``EngineIOSessions``): requests of one session must reach the same
///   gateway.
///
/// Requests that break the transport rules get Engine.IO's own error body,
/// `{"code": n, "message": …}` with 400: 0 unknown transport, 1 unknown session, 2 bad handshake
/// method, 3 bad request, 5 unsupported protocol version (only `EIO=4` is served).
struct SocketIOController: Sendable {
    let follower: EventFollower
    let auth: AuthService
    let options: EngineIOSession.Options
    let writeTimeout: Duration
    let sessions: EngineIOSessions
    let metrics: APIMetrics
    /// Told of every Socket.IO connection (see ``APIDependencies/onActivity``).
    let onActivity: @Sendable () -> Void
    let logger: Logger

    /// Engine.IO's refusals.
    enum Refusal: Int, Error {
        case transportUnknown = 0
        case sessionUnknown = 1
        case badHandshakeMethod = 2
        case badRequest = 3
        case unsupportedProtocolVersion = 5

        var message: String {
            switch self {
            case .transportUnknown: "Transport unknown"
            case .sessionUnknown: "Session ID unknown"
            case .badHandshakeMethod: "Bad handshake method"
            case .badRequest: "Bad request"
            case .unsupportedProtocolVersion: "Unsupported protocol version"
            }
        }
    }

    /// What a request's query asks for.
    struct Target: Sendable {
        var transport: String
        var sid: String?
    }

    /// Checks `EIO` and `transport`; `sid` is passed on.
    static func target(of request: Request) throws(Refusal) -> Target {
        let query = request.uri.queryParameters
        guard query["EIO"].map(String.init) == "4" else { throw .unsupportedProtocolVersion }
        guard let transport = query["transport"].map(String.init), transport == "polling" || transport == "websocket" else {
            throw .transportUnknown
        }
        return Target(transport: transport, sid: query["sid"].map(String.init))
    }

    // MARK: WebSocket

    /// Registers the upgrade route (`/socket.io/` and `/socket.io`) on the WebSocket router. A
    /// refused upgrade falls through to the HTTP routes, which answer 400.
    func addUpgradeRoute(to router: Router<SpoolWebSocketContext>) {
        router.ws("socket.io") { request, _ in
            guard let target = try? Self.target(of: request), target.transport == "websocket" else { return .dontUpgrade }
            if let sid = target.sid, sessions.session(sid)?.canUpgrade != true { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let sender = WebSocketSender(
                channel: context.requestContext.channel, outbound: outbound, maxFrameSize: options.maxPayload, writeTimeout: writeTimeout
            )
            if let sid = context.request.uri.queryParameters["sid"] {
                guard let session = sessions.session(String(sid)) else { return }
                await session.upgrade(inbound: inbound, sender: sender)
                return
            }
            let session = makeSession(websocket: sender, logger: context.logger)
            metrics.socketIOConnections.increment()
            defer { metrics.socketIOConnections.decrement() }
            try await sender.send(texts: [session.openPacket(upgrades: [])])
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await session.read(inbound) }
                group.addTask { await session.run() }
                await group.next()
                await session.close(reason: "connection ended")
                group.cancelAll()
            }
        }
    }

    private func makeSession(websocket: WebSocketSender?, logger: Logger) -> EngineIOSession {
        let socket = SocketIOConnection(follower: follower, auth: auth, onActivity: onActivity, logger: logger)
        return EngineIOSession(socket: socket, options: options, websocket: websocket, logger: logger)
    }

    // MARK: Polling

    /// Registers the polling routes (`GET` and `POST /socket.io/`) on the HTTP router.
    func addRoutes(to router: Router<SpoolRequestContext>) {
        router.get("socket.io", use: get)
        router.post("socket.io", use: post)
    }

    @Sendable func get(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        do throws(Refusal) {
            let target = try Self.target(of: request)
            guard request.method == .get else { throw .badHandshakeMethod }
            // A WebSocket request that reached this route was not upgraded (no Upgrade header, or
            // refused: an unknown sid or a session that cannot upgrade any more).
            guard target.transport == "polling" else { throw target.sid == nil ? .badRequest : .sessionUnknown }
            guard let sid = target.sid else { return handshake() }
            guard let session = sessions.session(sid) else { throw .sessionUnknown }
            switch await session.poll() {
            case .packets(let body): return Self.text(body)
            case .noop: return Self.text(ByteBuffer(string: "6"))
            case .closed: return Self.text(ByteBuffer(string: "1"))
            case .refused: throw .badRequest
            }
        } catch {
            return Self.refuse(error)
        }
    }

    private func handshake() -> Response {
        let session = makeSession(websocket: nil, logger: logger)
        guard sessions.add(session) else { return Self.refuse(.badRequest) }
        onActivity()
        return Self.text(session.openPacket(upgrades: ["websocket"]))
    }

    @Sendable func post(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        do throws(Refusal) {
            let target = try Self.target(of: request)
            guard target.transport == "polling" else { throw .transportUnknown }
            guard let sid = target.sid else { throw .badHandshakeMethod }
            guard let session = sessions.session(sid) else { throw .sessionUnknown }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: options.maxPayload)
            } catch {
                await session.close(reason: "payload too large")
                throw .badRequest
            }
            if await session.post(body) != nil { throw .badRequest }
            return Response(
                status: .ok, headers: [.contentType: "text/html", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "ok"))
            )
        } catch {
            return Self.refuse(error)
        }
    }

    private static func text(_ body: ByteBuffer) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=UTF-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: body)
        )
    }

    private static func refuse(_ refusal: Refusal) -> Response {
        Response(
            status: .badRequest, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"code\":\(refusal.rawValue),\"message\":\"\(refusal.message)\"}"))
        )
    }
}
