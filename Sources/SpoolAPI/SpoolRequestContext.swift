import Foundation
import Hummingbird
import NIOCore
import SpoolAPIModels
import SpoolCore

/// A request context ``AuthMiddleware`` can store the caller in.
public protocol IdentifiedRequestContext: RequestContext {
    /// The authenticated caller, once ``AuthMiddleware`` has run.
    var identity: AuthenticatedUser? { get set }
}

/// The request context of every Spool HTTP route (the WebSocket upgrade has its own,
/// ``SpoolWebSocketContext``, so plain requests do not carry a WebSocket handler slot).
///
/// ``AuthMiddleware`` fills ``identity``; routes read it through ``requireIdentity()``.
public struct SpoolRequestContext: IdentifiedRequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    public let channel: any Channel
    /// The authenticated caller, once ``AuthMiddleware`` has run (also handed to ``audit``).
    public var identity: AuthenticatedUser? {
        didSet { audit?.identity = identity }
    }
    /// The audit record of a mutating request, set by ``AuditMiddleware``; nil for other requests.
    var audit: AuditTrail?
    /// Where the route may offer its answer for replay, set on `GET`s by ``ResponseReplayMiddleware``.
    var replayOffer: ReplayOffer?

    /// Creates the context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.channel = source.channel
        self.identity = nil
        self.audit = nil
        self.replayOffer = nil
    }

    /// The peer's address (read from the connection when asked, not for every request).
    public var remoteAddress: SocketAddress? { channel.remoteAddress }

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
