import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import SpoolAPI
import SpoolCore
import SpoolQueue
import SpoolWorker
import Synchronization
import Testing

/// A complete API over in-memory backends, with helpers to call it.
struct TestAPI {
    let store = MemoryJobStore()
    let auth = MemoryAuthStore()
    let hub = EventHub()
    let driver = MemoryQueueDriver()
    let batches = MemoryBatchStore()
    let audit = MemoryAuditStore()
    let runtime = StubJobRuntime()
    let registry = PrometheusCollectorRegistry()
    let healthy = HealthToggle()
    let configuration: APIDependencies.Configuration
    /// Checks custom formats on submission (nil: only the syntax guard).
    var formats: (any FormatValidator)?
    /// The queues paused (shared by every copy of the service).
    let pauses = QueuePauses()

    /// Creates the backends; `configure` adjusts the API configuration (bcrypt cost is 4).
    init(_ configure: (inout APIDependencies.Configuration) -> Void = { _ in }) {
        var configuration = APIDependencies.Configuration(bcryptCost: 4)
        configure(&configuration)
        self.configuration = configuration
    }

    var service: JobService {
        var service = JobService(store: store, scheduler: QueueScheduler(driver: driver), events: hub, control: runtime, files: runtime,
                                 configuration: .init(minFreeBytes: 1 << 30, formats: formats))
        service.pauses = pauses
        return service
    }

    var dependencies: APIDependencies {
        let healthy = self.healthy
        return APIDependencies(
            jobService: service,
            auth: auth,
            queueDriver: driver,
            health: {
                let ok = healthy.isHealthy
                return HealthReport(uptime: 12.5, dependencies: .init(
                    database: .ok,
                    queue: .ok,
                    filesystem: DependencyHealth(status: .ok, freeBytes: 1 << 40, mediaRoot: "/media"),
                    tools: ["ytdlp": DependencyHealth(status: ok ? .ok : .down, message: ok ? nil : "not found", version: ok ? "2025.01.15" : nil)]
                ))
            },
            metrics: registry,
            configuration: configuration,
            batches: BatchService(jobs: service, store: batches),
            audit: audit
        )
    }

    /// The application, bound to a free loopback port when run live.
    var application: some ApplicationProtocol {
        var logger = Logger(label: "spool.api.test")
        logger.logLevel = .warning
        return buildApplication(dependencies, host: "127.0.0.1", port: 0, logger: logger)
    }

    /// Runs `body` against the router (no network).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await application.test(.router) { client in try await body(client) }
    }

    /// Runs `body` against a live server on a loopback port; `body` gets the client and the port.
    func testLive(_ body: @escaping @Sendable (any TestClientProtocol, Int) async throws -> Void) async throws {
        try await application.test(.live) { client in try await body(client, try #require(client.port)) }
    }

    /// Creates a user with an API token; returns the bearer header.
    func bearer(_ username: String = "alice", role: Role = .user) async throws -> HTTPFields {
        let token = try await createToken(username, role: role)
        return [.authorization: "Bearer \(token)"]
    }

    /// Creates a user with an API token; returns the token.
    func createToken(_ username: String, role: Role) async throws -> String {
        if await auth.user(named: username) == nil {
            try await createUser(auth: auth, username: username, password: "password-\(username)", role: role, bcryptCost: 4)
        }
        return try await createAPIToken(auth: auth, username: username, name: "test")
    }

    /// Adds a job straight through the service.
    @discardableResult
    func addJob(_ url: String = "https://example.com/v/\(UUID().uuidString)", priority: JobPriority = .normal, tags: [String] = []) async throws -> Job {
        try await service.create(JobOptions(url: url, priority: priority, tags: tags))
    }
}

extension TestClientProtocol {
    /// Sends a JSON body.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], json: String? = nil) async throws -> TestResponse {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body decoded with the API's JSON decoder.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try SpoolJSON.makeDecoder().decode(type, from: Data(body.readableBytesView))
    }

    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }

    /// The `error.code` of an error body.
    var errorCode: String? {
        (try? decode(ErrorResponse.self))?.error.code
    }

    /// The `error.message` of an error body.
    var errorMessage: String? {
        (try? decode(ErrorResponse.self))?.error.message
    }
}

/// Whether the test health probe reports every tool present.
final class HealthToggle: Sendable {
    private let value = Mutex(true)

    /// The current answer.
    var isHealthy: Bool {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
