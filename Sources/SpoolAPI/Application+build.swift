import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import SpoolCore

/// Builds the HTTP application: the REST router plus the WebSocket upgrade on `/api/ws`.
///
/// - Parameters:
///   - deps: What the routes need.
///   - host: Address to bind (`0.0.0.0`, `127.0.0.1`).
///   - port: Port to bind; 0 picks a free one (see `onServerRunning`).
///   - logger: The server's logger.
///   - services: Services to run alongside the server in its service group.
///   - onServerRunning: Called with the bound port once the server accepts connections.
/// - Returns: The application; run it, or add it to a `ServiceGroup`.
public func buildApplication(
    _ deps: APIDependencies,
    host: String,
    port: Int,
    logger: Logger,
    services: [any Service] = [],
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = deps.configuration
    let components = APIComponents(deps, logger: logger)
    var server = HTTPServerBuilder.http1WebSocketUpgrade(
        webSocketRouter: buildWebSocketRouter(components, hosts: HostAllowList(names: configuration.allowedHosts, bindHost: host)),
        configuration: .init(
            http1: .init(
                additionalChannelHandlers: components.replay.map { [ResponseReplayInstaller(replay: $0)] } ?? [],
                idleTimeout: configuration.idleTimeout.map { TimeAmount($0) }
            ),
            ws: .init(maxFrameSize: configuration.webSocketMaxMessageBytes, autoPing: .enabled(timePeriod: .seconds(30)))
        ),
        headTimeout: configuration.headerTimeout
    )
    if let tls = configuration.tls {
        // Checked at start (see `SpoolServer`), so this cannot fail here.
        server = (try? .tls(server, tlsConfiguration: tls)) ?? server
    }
    return Application(
        router: buildRouter(deps, components: components, bindHost: host),
        server: server,
        configuration: ApplicationConfiguration(
            address: .hostname(host, port: port), serverName: APIComponents.serverName,
            availableConnectionsDelegate: configuration.maxConnections.map { MaximumAvailableConnections($0, logger: logger) }
        ),
        services: services + [components.broadcaster, components.socketIOSessions],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}

/// Builds the REST router with every route of the API (the WebSocket upgrade is separate, see
/// ``buildApplication(_:host:port:logger:services:onServerRunning:)``, which also runs the live
/// events' broadcaster that `/api/events` needs).
///
/// Who may use each route is declared once, in `openapi.yaml` (`x-spool-role`), and enforced by
/// one ``AccessPolicyMiddleware`` before every route (see ``RoutePolicy``); a route the document
/// does not declare is refused to everyone. `/transmission/rpc` and Socket.IO's polling routes
/// authenticate in their handlers (HTTP basic auth, the CONNECT packet) and apply the same policy.
/// `/metrics` (and `/api/metrics`) is public when `metricsPublic`. The source routes exist when
/// ``APIDependencies/archive`` is set, the processing and hardware routes when their dependencies are.
func buildRouter(_ deps: APIDependencies, components: APIComponents, bindHost: String? = nil) -> Router<SpoolRequestContext> {
    let configuration = deps.configuration
    let router = Router(context: SpoolRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestIDMiddleware())
    if let replay = components.replay {
        router.add(middleware: ResponseReplayMiddleware(replay: replay))
    }
    if configuration.tracesRequests {
        router.add(middleware: TracingMiddleware())
    }
    router.add(middleware: HTTPMetricsMiddleware(metrics: components.metrics))
    router.add(middleware: ErrorMiddleware())
    let hosts = HostAllowList(names: configuration.allowedHosts, bindHost: bindHost)
    if hosts.isEnabled {
        router.add(middleware: HostAllowListMiddleware(hosts: hosts))
    }
    if !configuration.corsOrigins.isEmpty {
        router.add(middleware: CORSPolicyMiddleware(origins: configuration.corsOrigins))
    }
    // The audit log wraps the access policy, so refusals to a known caller are recorded too.
    router.add(middleware: AuditMiddleware(log: components.audit, auth: components.auth, clients: components.clients))
    var policy = RoutePolicy.embedded
    if configuration.metricsPublic {
        policy.set(.public, method: .get, path: "/metrics")
        policy.set(.public, method: .get, path: "/api/metrics")
    }
    router.add(middleware: AccessPolicyMiddleware(policy: policy, auth: components.auth))

    let system = SystemController(health: deps.health, registry: deps.metrics, refreshMetrics: deps.refreshMetrics)
    router.get("healthz", use: system.healthz)
    router.get("api/health", use: system.healthz)
    router.get("api/openapi.yaml", use: system.openAPI)
    let authentication = AuthMiddleware<SpoolRequestContext>(auth: components.auth)
    // `/api/health` and `/api/metrics` are seed 003's names for the same two.
    router.get("metrics", use: system.metrics)
    router.get("api/metrics", use: system.metrics)

    let open = router.group("api")
    let api = router.group("api").add(middleware: authentication)
    AuthController(
        auth: components.auth,
        throttle: components.loginThrottle,
        maxBodyBytes: configuration.maxBodyBytes,
        clients: components.clients
    ).addRoutes(open: open, protected: api)
    TokenController(auth: components.auth, maxBodyBytes: configuration.maxBodyBytes).addRoutes(to: api)
    UserController(auth: components.auth, maxBodyBytes: configuration.maxBodyBytes).addRoutes(to: api)
    if let audit = deps.audit {
        AuditController(store: audit).addRoutes(to: api)
    }
    JobController(
        service: deps.jobService,
        processing: deps.processingProfiles,
        defaults: configuration.jobDefaults,
        maxBodyBytes: configuration.maxBodyBytes,
        creationLimiter: RateLimiter(configuration.jobCreationRateLimit),
        notifications: deps.notifications
    ).addRoutes(to: router.group("api/jobs"))
    if let archive = deps.archive {
        SourceController(
            archive: archive,
            lister: deps.lister,
            maxBodyBytes: configuration.maxBodyBytes,
            creationLimiter: RateLimiter(configuration.jobCreationRateLimit),
            previewLimiter: RateLimiter(configuration.sourcePreviewRateLimit),
            previewMaxEntries: configuration.sourcePreviewMaxEntries,
            previewTimeout: configuration.sourcePreviewTimeout
        ).addRoutes(
            sources: router.group("api/sources"),
            archive: router.group("api/archive")
        )
        ProfileController(archive: archive, processing: deps.processingProfiles, maxBodyBytes: configuration.maxBodyBytes)
            .addRoutes(to: router.group("api/profiles"))
    }
    if let retention = deps.retention {
        RetentionController(service: retention)
            .addRoutes(to: router.group("api/retention"))
    }
    if let catalog = deps.processingProfiles {
        ProcessingProfileController(catalog: catalog, archive: deps.archive, maxBodyBytes: configuration.maxBodyBytes)
            .addRoutes(to: router.group("api/processing/profiles"))
    }
    if let hardware = deps.hardware {
        HardwareController(hardware: hardware)
            .addRoutes(to: router.group("api/hw"))
    }
    if let batches = deps.batches {
        let limiter = RateLimiter(configuration.jobCreationRateLimit)
        BatchController(
            service: batches, processing: deps.processingProfiles, defaults: configuration.jobDefaults, maxBodyBytes: configuration.maxBodyBytes,
            creationLimiter: limiter
        ).addRoutes(to: router.group("api/batches"))
        V1JobController(service: batches, defaults: configuration.jobDefaults, maxBodyBytes: configuration.maxBodyBytes, creationLimiter: limiter)
            .addRoutes(to: router.group("api/v1/jobs"))
    }
    if let notifications = deps.notifications {
        WebhookController(service: notifications, maxBodyBytes: configuration.maxBodyBytes)
            .addRoutes(to: router.group("api/webhooks").add(middleware: authentication))
    }
    QueueController(service: deps.jobService, driver: deps.queueDriver).addRoutes(to: api)
    StorageController(targets: deps.jobService.configuration.storageTargets)
        .addRoutes(to: router.group("api/storage"))
    JobFileController(store: deps.store, signer: FileLinkSigner(keyBytes: configuration.fileLinkKey), libraryRoot: configuration.libraryRoot, storage: deps.mediaStorage)
        .addRoutes(jobs: api.group("jobs"), open: open)
    TransmissionController(
        service: deps.jobService, auth: components.auth, configuration: configuration.transmission, libraryRoot: configuration.libraryRoot,
        defaults: configuration.jobDefaults, loginThrottle: components.loginThrottle, jobCreationRateLimit: configuration.jobCreationRateLimit,
        maxBodyBytes: configuration.maxBodyBytes, clients: components.clients, audit: components.audit
    ).addRoutes(to: router)
    components.eventStream.addRoutes(to: api)
    components.socketIO.addRoutes(to: router)
    components.webSocket.addFallbackRoute(to: api)
    // Middleware added after the routes wraps only the not-found responder: API requests never
    // pass through the file server.
    if let publicDirectory = WebUIMiddleware.directory(configured: configuration.publicDirectory) {
        router.add(middleware: WebUIMiddleware(directory: publicDirectory))
    }
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// Builds the router that decides WebSocket upgrades (`/api/ws` and `/socket.io/`).
func buildWebSocketRouter(_ components: APIComponents, hosts: HostAllowList = HostAllowList(names: [])) -> Router<SpoolWebSocketContext> {
    let router = Router(context: SpoolWebSocketContext.self)
    if hosts.isEnabled {
        router.add(middleware: HostAllowListMiddleware(hosts: hosts))
    }
    components.webSocket.addUpgradeRoute(to: router)
    components.socketIO.addUpgradeRoute(to: router)
    return router
}

/// The parts built from ``APIDependencies`` that several routes share, built once per application
/// (the HTTP and WebSocket routers share one token cache and one broadcaster).
struct APIComponents: Sendable {
    let metrics: APIMetrics
    let auth: AuthService
    /// Where ``AuditMiddleware`` records mutating calls.
    let audit: AuditLog
    /// Failed logins per address and per user name at an address, shared by `/api/auth/login`
    /// and the Transmission RPC's basic auth.
    let loginThrottle: LoginThrottle
    /// Who the client of a request is (the peer, or `X-Forwarded-For` behind a trusted proxy).
    let clients: ClientAddressResolver
    let broadcaster: EventBroadcaster
    let eventStream: EventStreamController
    let webSocket: WebSocketController
    let socketIO: SocketIOController
    /// The polling Socket.IO sessions, run as a service of the application.
    let socketIOSessions: EngineIOSessions
    /// Answers replayed on the event loop (see ``ResponseReplay``); nil when requests are traced,
    /// since a replay makes no span.
    let replay: ResponseReplay?

    /// The `Server` header's value.
    static let serverName = "Spool"

    init(_ deps: APIDependencies, logger: Logger) {
        let configuration = deps.configuration
        metrics = APIMetrics(registry: deps.metrics)
        auth = AuthService(
            store: deps.auth, hasher: PasswordHasher(cost: configuration.bcryptCost), sessionTTL: configuration.sessionTTL,
            cache: TokenCache(timeToLive: configuration.tokenCacheTTL)
        )
        audit = AuditLog(store: deps.audit, logger: logger)
        loginThrottle = LoginThrottle(perAddress: configuration.loginAddressRateLimit, perUser: configuration.loginRateLimit)
        // Entries were validated when the configuration was read; `trustForwardedFor` trusts every peer.
        let proxies = configuration.trustForwardedFor ? ["0.0.0.0/0", "::/0"] : configuration.trustedProxies
        clients = (try? ClientAddressResolver(trustedProxies: proxies)) ?? (try! ClientAddressResolver(trustedProxies: []))
        broadcaster = EventBroadcaster(events: deps.events, capacity: configuration.streamBufferEvents, logger: logger)
        let follower = EventFollower(broadcaster: broadcaster, store: deps.store, pageSize: max(1, configuration.replayPageSize))
        eventStream = EventStreamController(
            follower: follower, heartbeat: configuration.sseHeartbeat, retry: configuration.sseRetry, metrics: metrics,
            onActivity: deps.onActivity
        )
        webSocket = WebSocketController(
            follower: follower, auth: auth, authTimeout: configuration.webSocketAuthTimeout,
            maxMessageBytes: configuration.webSocketMaxMessageBytes, writeTimeout: configuration.webSocketWriteTimeout, metrics: metrics,
            onActivity: deps.onActivity
        )
        socketIOSessions = EngineIOSessions(metrics: metrics)
        let events = deps.jobService.events
        replay = configuration.tracesRequests ? nil : ResponseReplay(
            tokens: auth.cache, version: { events.changeVersion }, metrics: metrics, serverName: APIComponents.serverName, logger: logger
        )
        socketIO = SocketIOController(
            follower: follower, auth: auth,
            options: EngineIOSession.Options(
                pingInterval: configuration.socketIOPingInterval, pingTimeout: configuration.socketIOPingTimeout,
                connectTimeout: configuration.socketIOConnectTimeout, upgradeTimeout: configuration.socketIOUpgradeTimeout,
                maxPayload: configuration.webSocketMaxMessageBytes
            ),
            writeTimeout: configuration.webSocketWriteTimeout, sessions: socketIOSessions, metrics: metrics,
            onActivity: deps.onActivity, logger: logger
        )
    }
}
