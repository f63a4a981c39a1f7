import NIOSSL
import SpoolAPIModels

extension APIDependencies {
    /// Limits and options of the HTTP API; every member has a safe default.
    public struct Configuration: Sendable {
        /// Default largest request body: 64 KiB.
        public static let defaultMaxBodyBytes = 64 * 1024
        /// Default failed logins per user name at one client address: 10 a minute.
        public static let defaultLoginRateLimit = RateLimit(limit: 10, per: .seconds(60))
        /// Default failed logins per client address over all user names: 30 in 10 minutes.
        public static let defaultLoginAddressRateLimit = RateLimit(limit: 30, per: .seconds(600))

        /// Largest request body; larger ones get `413 payload_too_large` without being read fully.
        public var maxBodyBytes: Int
        /// Failed logins per user name at one client address (see ``LoginThrottle``).
        public var loginRateLimit: RateLimit
        /// Jobs one user may add.
        public var jobCreationRateLimit: RateLimit
        /// How long a login session lasts.
        public var sessionTTL: Duration
        /// bcrypt cost for new password hashes (4…31; 10 by default, lower only in tests).
        public var bcryptCost: UInt8
        /// Whether `/metrics` is served without a token (`METRICS_PUBLIC`).
        public var metricsPublic: Bool
        /// Folder of the static web UI served at `/`; nil serves none.
        public var publicDirectory: String?
        /// Library folder of finished files, served by signed links (`/api/files/{id}`); nil serves none.
        public var libraryRoot: String?
        /// The key file links are signed with (32 bytes), shared by every gateway of a deployment so
        /// a link one issued works on all; nil makes a random one for this process.
        public var fileLinkKey: [UInt8]?
        /// Origins allowed by CORS (`*` for any); empty sends no CORS headers.
        public var corsOrigins: [String]
        /// Options filled in when a new job leaves them out.
        public var jobDefaults: JobDefaults
        /// Interval of SSE heartbeat comments.
        public var sseHeartbeat: Duration
        /// Reconnect delay suggested to SSE clients (`retry:`).
        public var sseRetry: Duration
        /// How long a WebSocket may stay unauthenticated before it is closed.
        public var webSocketAuthTimeout: Duration
        /// Largest WebSocket message accepted from a client.
        public var webSocketMaxMessageBytes: Int
        /// Stored events read per query when replaying a stream.
        public var replayPageSize: Int
        /// Live events that may wait for one WebSocket or SSE client (progress coalesced per job);
        /// a client further behind is dropped and resumes by id.
        public var streamBufferEvents: Int
        /// How long one write may wait for a WebSocket client that stopped reading before the
        /// connection is closed.
        public var webSocketWriteTimeout: Duration
        /// Whether every peer is a trusted proxy whose `X-Forwarded-For` names the client (prefer
        /// ``trustedProxies``, which trusts only the listed ones).
        public var trustForwardedFor: Bool
        /// Interval of the Socket.IO (Engine.IO) server's pings, advertised as `pingInterval`.
        public var socketIOPingInterval: Duration
        /// How long the Socket.IO server waits for a pong before it closes the session (`pingTimeout`).
        public var socketIOPingTimeout: Duration
        /// How long a Socket.IO session may stay without a connected namespace.
        public var socketIOConnectTimeout: Duration
        /// How long a Socket.IO upgrade from polling to WebSocket may take.
        public var socketIOUpgradeTimeout: Duration
        /// Source previews one user may run (each runs a listing).
        public var sourcePreviewRateLimit: RateLimit
        /// Entries a source preview lists at most.
        public var sourcePreviewMaxEntries: Int
        /// How long a source preview lists at most; it answers with what was listed by then.
        public var sourcePreviewTimeout: Duration
        /// The Transmission RPC's Host allow-list and the session it reports (set after `init`).
        public var transmission = TransmissionConfiguration()
        /// Whether each request gets a tracing span (with the `traceparent` it brings as parent);
        /// set when an OpenTelemetry exporter is configured.
        public var tracesRequests = false
        /// How long an authenticated token is trusted without asking the store again; a token
        /// revoked by another process stops working within this time (see ``TokenCache``).
        public var tokenCacheTTL: Duration = .seconds(5)
        /// Failed logins per client address over all user names (see ``LoginThrottle``).
        public var loginAddressRateLimit = Self.defaultLoginAddressRateLimit
        /// Reverse proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`: addresses
        /// or CIDR ranges); the socket peer is the client otherwise.
        public var trustedProxies: [String] = []
        /// Names the `Host` header may carry besides localhost and IP literals (`ALLOWED_HOSTS`);
        /// empty turns the Host check off.
        public var allowedHosts: [String] = []
        /// How long the first request head of a connection may take (`HTTP_HEADER_TIMEOUT`); nil: no limit.
        public var headerTimeout: Duration? = .seconds(10)
        /// How long a connection may stay idle between requests, or a request body stall
        /// (`HTTP_IDLE_TIMEOUT`); nil: no limit. Responses being written are not cut.
        public var idleTimeout: Duration? = .seconds(60)
        /// Connections served at once (`HTTP_MAX_CONNECTIONS`); further ones wait to be accepted; nil: no limit.
        public var maxConnections: Int? = 1_024
        /// Serve HTTPS with this certificate and key (`TLS_CERT_FILE`, `TLS_KEY_FILE`); nil: plain HTTP.
        public var tls: TLSConfiguration?

        /// Creates a configuration.
        public init(
            maxBodyBytes: Int = Self.defaultMaxBodyBytes,
            loginRateLimit: RateLimit = Self.defaultLoginRateLimit,
            loginAddressRateLimit: RateLimit = Self.defaultLoginAddressRateLimit,
            jobCreationRateLimit: RateLimit = RateLimit(limit: 120, per: .seconds(60)),
            sessionTTL: Duration = .seconds(7 * 24 * 3600),
            bcryptCost: UInt8 = 10,
            metricsPublic: Bool = false,
            publicDirectory: String? = nil,
            libraryRoot: String? = nil,
            fileLinkKey: [UInt8]? = nil,
            corsOrigins: [String] = [],
            jobDefaults: JobDefaults = JobDefaults(),
            sseHeartbeat: Duration = .seconds(15),
            sseRetry: Duration = .seconds(3),
            webSocketAuthTimeout: Duration = .seconds(10),
            webSocketMaxMessageBytes: Int = 16 * 1024,
            replayPageSize: Int = 500,
            streamBufferEvents: Int = 10_000,
            webSocketWriteTimeout: Duration = .seconds(30),
            trustForwardedFor: Bool = false,
            socketIOPingInterval: Duration = .seconds(25),
            socketIOPingTimeout: Duration = .seconds(20),
            socketIOConnectTimeout: Duration = .seconds(45),
            socketIOUpgradeTimeout: Duration = .seconds(10),
            sourcePreviewRateLimit: RateLimit = RateLimit(limit: 20, per: .seconds(60)),
            sourcePreviewMaxEntries: Int = 2_000,
            sourcePreviewTimeout: Duration = .seconds(120)
        ) {
            self.maxBodyBytes = maxBodyBytes
            self.loginRateLimit = loginRateLimit
            self.loginAddressRateLimit = loginAddressRateLimit
            self.jobCreationRateLimit = jobCreationRateLimit
            self.sessionTTL = sessionTTL
            self.bcryptCost = bcryptCost
            self.metricsPublic = metricsPublic
            self.publicDirectory = publicDirectory
            self.libraryRoot = libraryRoot
            self.fileLinkKey = fileLinkKey
            self.corsOrigins = corsOrigins
            self.jobDefaults = jobDefaults
            self.sseHeartbeat = sseHeartbeat
            self.sseRetry = sseRetry
            self.webSocketAuthTimeout = webSocketAuthTimeout
            self.webSocketMaxMessageBytes = webSocketMaxMessageBytes
            self.replayPageSize = replayPageSize
            self.streamBufferEvents = streamBufferEvents
            self.webSocketWriteTimeout = webSocketWriteTimeout
            self.trustForwardedFor = trustForwardedFor
            self.socketIOPingInterval = socketIOPingInterval
            self.socketIOPingTimeout = socketIOPingTimeout
            self.socketIOConnectTimeout = socketIOConnectTimeout
            self.socketIOUpgradeTimeout = socketIOUpgradeTimeout
            self.sourcePreviewRateLimit = sourcePreviewRateLimit
            self.sourcePreviewMaxEntries = sourcePreviewMaxEntries
            self.sourcePreviewTimeout = sourcePreviewTimeout
        }
    }
}

extension APIDependencies.Configuration {
    /// A copy that traces each request when `tracesRequests` is true.
    public func with(tracesRequests: Bool) -> Self {
        var copy = self
        copy.tracesRequests = tracesRequests
        return copy
    }
}

extension APIDependencies.Configuration {
    /// Why a `TRUSTED_PROXIES` entry is not an address or CIDR range, or nil when all are.
    public static func invalidTrustedProxy(_ entries: [String]) -> String? {
        do {
            _ = try ClientAddressResolver(trustedProxies: entries)
            return nil
        } catch {
            return "holds \(error)"
        }
    }
}
