import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import SpoolAPIModels
import SpoolCore

/// The request context of every Spool route and WebSocket upgrade.
///
/// ``AuthMiddleware`` fills ``identity``; routes read it through ``requireIdentity()``.
public struct SpoolRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Carries the WebSocket handler from the upgrade route to the connection.
    public let webSocket: WebSocketHandlerReference<SpoolRequestContext>
    /// The peer's address.
    public let remoteAddress: SocketAddress?
    /// The authenticated caller, once ``AuthMiddleware`` has run.
    public var identity: AuthenticatedUser?

    /// Creates the context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.webSocket = WebSocketHandlerReference()
        self.remoteAddress = source.channel.remoteAddress
        self.identity = nil
    }

    /// Largest body Hummingbird's own decoders accept (routes use the configured limit).
    public var maxUploadSize: Int { APIDependencies.Configuration.defaultMaxBodyBytes }

    /// Decodes request bodies with the API's date format.
    public var requestDecoder: JSONDecoder { SpoolJSON.makeDecoder() }

    /// Encodes responses with the API's date format.
    public var responseEncoder: JSONEncoder { SpoolJSON.makeEncoder() }

    /// The authenticated caller; throws `401 unauthorized` when there is none.
    public func requireIdentity() throws -> AuthenticatedUser {
        guard let identity else { throw APIError.unauthorized("authentication required") }
        return identity
    }

    /// The peer's IP address as text (`unknown` when the transport has none).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
