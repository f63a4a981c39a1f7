import Hummingbird
import HummingbirdWebSocket
import SpoolCore

/// `GET /api/ws`: the JSON WebSocket for live events (see ``WebSocketSession``).
///
/// The upgrade is checked by a separate router: a valid `?token=` authenticates the connection at
/// once; without one the client must send `{"type":"authenticate"}` first. An invalid token, or a
/// plain HTTP request, falls through to the HTTP router, which answers 401 or 400.
struct WebSocketController: Sendable {
    let follower: EventFollower
    let auth: AuthService
    let authTimeout: Duration
    let maxMessageBytes: Int
    let writeTimeout: Duration
    let metrics: APIMetrics
    /// Told of every connection (see ``APIDependencies/onActivity``).
    let onActivity: @Sendable () -> Void

    /// Registers the upgrade route on the WebSocket router.
    func addUpgradeRoute(to router: Router<SpoolWebSocketContext>) {
        router.add(middleware: AuthMiddleware(auth: auth, optional: true))
        router.ws("/api/ws") { inbound, outbound, context in
            onActivity()
            metrics.webSocketConnections.increment()
            defer { metrics.webSocketConnections.decrement() }
            let sender = WebSocketSender(
                channel: context.requestContext.channel, outbound: outbound, maxFrameSize: maxMessageBytes, writeTimeout: writeTimeout
            )
            let session = WebSocketSession(
                follower: follower, auth: auth, sender: sender,
                identity: context.requestContext.identity, authTimeout: authTimeout,
                maxMessageBytes: maxMessageBytes, logger: context.logger
            )
            try await session.run(inbound: inbound)
        }
    }

    /// Registers the plain-HTTP answer on the authenticated `/api` group.
    func addFallbackRoute(to group: RouterGroup<SpoolRequestContext>) {
        group.get("ws") { _, _ -> HTTPResponse.Status in
            throw APIError(.upgradeRequired, code: .invalidInput, message: "this endpoint speaks WebSocket: send an Upgrade request", headers: [.upgrade: "websocket"])
        }
    }
}
