import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SpoolAPI
import SpoolCore
import SpoolNotify
import SpoolQueue
import SpoolSQLite
import SpoolWorker
import Testing

/// The API with every optional part switched on — followed sources, processing profiles, hardware
/// encoders, the retention, batches and webhooks — over one in-memory SQLite database, so that the
/// router registers every route the server can serve (``RoleMatrixTests``, ``JobOwnershipTests``).
struct FullTestAPI {
    let database: SQLiteDatabase
    let jobs: SQLiteJobStore
    let auth = MemoryAuthStore()
    let hub = EventHub()
    let driver = MemoryQueueDriver()
    let runtime = StubJobRuntime()
    let hardware = HardwareEncoders(detector: FixedHardwareDetector(FixedHardwareDetector.noWorkingEncoder))
    let configuration: APIDependencies.Configuration

    /// Creates the backends; `configure` adjusts the API configuration (bcrypt cost is 4).
    init(_ configure: (inout APIDependencies.Configuration) -> Void = { _ in }) throws {
        var logger = Logger(label: "spool.api.test")
        logger.logLevel = .warning
        database = try SQLiteDatabase.inMemory(logger: logger)
        jobs = SQLiteJobStore(database: database)
        var configuration = APIDependencies.Configuration(bcryptCost: 4)
        configure(&configuration)
        self.configuration = configuration
    }

    var service: JobService {
        JobService(store: jobs, scheduler: QueueScheduler(driver: driver), events: hub, control: runtime, files: runtime,
                   configuration: .init(minFreeBytes: 1 << 30))
    }

    var dependencies: APIDependencies {
        let processing = ProcessingProfiles(store: SQLiteProcessingProfileStore(database: database))
        let archive = ArchiveService(
            store: SQLiteSourceStore(database: database), jobs: service, syncs: QueueSourceSyncScheduler(driver: driver), processing: processing
        )
        // Webhooks only to loopback addresses the tests name; none is ever delivered here.
        let notifications = NotificationService(
            store: SQLiteNotificationStore(database: database),
            transport: HTTPWebhookTransport(policy: WebhookAddressPolicy(configuration: .init(allowedHosts: ["127.0.0.1"])))
        )
        return APIDependencies(
            jobService: service, auth: auth, queueDriver: driver,
            health: { HealthReport(uptime: 1, dependencies: .init(database: .ok, queue: .ok, filesystem: .ok, tools: [:])) },
            configuration: configuration, archive: archive, processingProfiles: processing, hardware: hardware,
            retention: RetentionService(archive: archive, library: LibraryRetention(rules: Retention())),
            batches: BatchService(jobs: service, store: SQLiteBatchStore(database: database), notifications: notifications),
            notifications: notifications,
            audit: MemoryAuditStore()
        )
    }

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

    /// Creates the user if needed (password `password-<name>`) and an API token; returns the token.
    func token(_ username: String, role: Role) async throws -> String {
        if await auth.user(named: username) == nil {
            try await createUser(auth: auth, username: username, password: "password-\(username)", role: role, bcryptCost: 4)
        }
        return try await createAPIToken(auth: auth, username: username, name: "test")
    }

    /// The id of a user created by ``token(_:role:)``.
    func userID(_ username: String) async throws -> Int64 {
        try #require(await auth.user(named: username)).id
    }

    /// Adds a job straight through the service, owned by `owner` (nil: no one's).
    @discardableResult
    func addJob(owner: Int64?, url: String = "https://example.com/v/\(UUID().uuidString)") async throws -> Job {
        try await service.create(JobOptions(url: url), owner: owner)
    }
}
