import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the WebSocket upgrade (`/api/ws`): the caller, if the upgrade carried a
/// token, and the connection the event frames are written into.
public struct SpoolWebSocketContext: IdentifiedRequestContext, WebSocketRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Carries the WebSocket handler from the upgrade route to the connection.
    public let webSocket: WebSocketHandlerReference<SpoolWebSocketContext>
    /// The connection being upgraded.
    public let channel: any Channel
    /// The authenticated caller, once ``AuthMiddleware`` has run.
    public var identity: AuthenticatedUser?

    /// Creates the context for an upgrade request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.webSocket = WebSocketHandlerReference()
        self.channel = source.channel
        self.identity = nil
    }
}
