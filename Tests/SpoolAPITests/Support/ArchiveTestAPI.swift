import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SpoolAPI
import SpoolCore
import SpoolQueue
import SpoolSQLite
import SpoolWorker
import Testing

/// The API with followed sources and processing profiles, over one SQLite database for jobs,
/// sources and processing profiles (as the embedded deployment keeps them), the sync scheduler on
/// an in-memory queue, an optional lister, and hardware encoders from a fixed report.
struct ArchiveTestAPI {
    let jobs: SQLiteJobStore
    let sources: SQLiteSourceStore
    let processingStore: SQLiteProcessingProfileStore
    let detector: FixedHardwareDetector
    let hardware: HardwareEncoders
    let auth = MemoryAuthStore()
    let hub = EventHub()
    let driver = MemoryQueueDriver()
    let runtime = StubJobRuntime()
    let lister: (any MediaLister)?
    let configuration: APIDependencies.Configuration
    /// The retention of one-off jobs (`RETENTION_*`).
    let libraryRules: Retention
    /// Checks custom formats of jobs and profiles (nil: only the syntax guard).
    var formats: (any FormatValidator)?

    /// Creates the backends; `configure` adjusts the API configuration (bcrypt cost is 4).
    init(
        lister: (any MediaLister)? = nil, hardwareReport: HardwareReport = FixedHardwareDetector.noWorkingEncoder,
        libraryRules: Retention = Retention(),
        _ configure: (inout APIDependencies.Configuration) -> Void = { _ in }
    ) throws {
        var logger = Logger(label: "spool.api.test")
        logger.logLevel = .warning
        let database = try SQLiteDatabase.inMemory(logger: logger)
        jobs = SQLiteJobStore(database: database)
        sources = SQLiteSourceStore(database: database)
        processingStore = SQLiteProcessingProfileStore(database: database)
        detector = FixedHardwareDetector(hardwareReport)
        hardware = HardwareEncoders(detector: detector)
        self.lister = lister
        self.libraryRules = libraryRules
        var configuration = APIDependencies.Configuration(bcryptCost: 4)
        configure(&configuration)
        self.configuration = configuration
    }

    var service: JobService {
        JobService(store: jobs, scheduler: QueueScheduler(driver: driver), events: hub, control: runtime, files: runtime,
                   configuration: .init(minFreeBytes: 1 << 30, formats: formats))
    }

    var processing: ProcessingProfiles { ProcessingProfiles(store: processingStore) }

    var archive: ArchiveService {
        ArchiveService(store: sources, jobs: service, syncs: QueueSourceSyncScheduler(driver: driver), processing: processing)
    }

    var dependencies: APIDependencies {
        APIDependencies(
            jobService: service, auth: auth, queueDriver: driver,
            health: { HealthReport(uptime: 1, dependencies: .init(database: .ok, queue: .ok, filesystem: .ok, tools: [:])) },
            configuration: configuration, archive: archive, lister: lister, processingProfiles: processing, hardware: hardware,
            retention: RetentionService(archive: archive, library: LibraryRetention(rules: libraryRules))
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

    /// Creates a user with an API token; returns the bearer header.
    func bearer(_ username: String = "alice", role: Role = .user) async throws -> HTTPFields {
        if await auth.user(named: username) == nil {
            try await createUser(auth: auth, username: username, password: "password-\(username)", role: role, bcryptCost: 4)
        }
        return [.authorization: "Bearer \(try await createAPIToken(auth: auth, username: username, name: "test"))"]
    }

    /// The keys of the entries waiting in `q:sync`, and their modes.
    func syncEntries() async throws -> [String: SyncMode] {
        var entries: [String: SyncMode] = [:]
        for entry in await driver.entries(in: .sync) {
            let payload = try #require(entry.payload)
            entries[entry.key.rawValue] = try JSONDecoder().decode(SourceSyncTask.self, from: payload).mode
        }
        return entries
    }

    /// Stores a source straight through the service (its first check is queued).
    func addSource(_ url: String, name: String = "News", backlog: Backlog = .none, retention: Retention = .init()) async throws -> Source {
        try await archive.create(Source(name: name, url: url, retention: retention, backlog: backlog))
    }

    /// Stores listed items of a source: `phases` picks each item's phase (queued ones get a job in
    /// the state the phase needs). Items are listed newest first: the first has position 0.
    @discardableResult
    func addItems(to source: Source, _ phases: [SourceItemPhase]) async throws -> [SourceItem] {
        let now = Date()
        var items: [SourceItem] = []
        for (position, phase) in phases.enumerated() {
            let entry = ListedEntry(
                mediaID: "v\(position)", extractor: "generic", url: "http://127.0.0.1:9/v\(position).mp4", title: "Video \(position)",
                publishedAt: now.addingTimeInterval(-Double(position) * 86_400), duration: 60
            )
            items.append(SourceItem(sourceID: source.id, entry: entry, status: .listed, position: position, listedAt: now))
        }
        _ = try await sources.addItems(items, status: try #require(try await sources.source(source.id)).status, to: source.id)
        for (item, phase) in zip(items, phases) {
            try await setPhase(phase, of: item)
        }
        return try await sources.items(sourceID: source.id, query: .init(limit: 1_000))
    }

    private func setPhase(_ phase: SourceItemPhase, of item: SourceItem) async throws {
        let status: SourceItemStatus
        var jobState: JobState?
        switch phase {
        case .listed: return
        case .seen: status = .seen
        case .filtered: status = .filtered
        case .duplicate: status = .duplicate
        case .deferred: status = .deferred
        case .deleted: status = .deleted
        case .queued: (status, jobState) = (.queued, .queued)
        case .downloaded: (status, jobState) = (.queued, .complete)
        case .failed: (status, jobState) = (.queued, .failed)
        case .removed: (status, jobState) = (.queued, .canceled)
        }
        var jobID: JobID?
        if let jobState {
            var options = JobOptions(url: item.entry.url)
            options.archive = ArchiveFiles(showName: "Show", sourceID: item.sourceID)
            let job = try await service.create(options)
            if jobState != .queued {
                _ = try await jobs.modify(job.id) { job in
                    job.state = jobState
                    return []
                }
            }
            jobID = job.id
        }
        let reason = phase == .filtered ? "shorter than 90 s (60 s)" : nil
        _ = try await sources.modifyItem(sourceID: item.sourceID, mediaID: item.entry.mediaID) { [jobID] in
            $0.status = status
            $0.jobID = jobID
            $0.reason = reason
        }
    }
}
