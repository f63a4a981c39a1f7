import Foundation
import Logging
import SpoolCore
import SpoolQueue
import SpoolSQLite
import SpoolTesting
import Testing

@testable import SpoolWorker

/// The sync engine on an in-memory SQLite store, the in-memory queue, a manual clock and scripted
/// listings: jobs are created for real, downloads are not run.
struct ArchiveHarness {
    let clock = ManualWallClock()
    let driver = MemoryQueueDriver()
    let jobs: SQLiteJobStore
    let sources: SQLiteSourceStore
    let service: JobService
    let archive: ArchiveService
    let lister = ScriptedLister()
    let feed = ScriptedFeed()
    let gate: SiteGate
    let storage = FakeStorage()
    let check: SourceCheck
    let logger: Logger

    init(batchSize: Int = 50) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        self.logger = logger
        let database = try SQLiteDatabase.inMemory(logger: logger)
        jobs = SQLiteJobStore(database: database)
        sources = SQLiteSourceStore(database: database)
        service = JobService(
            store: jobs, scheduler: QueueScheduler(driver: driver), events: EventHub(), control: RunningJobs(),
            files: FakeStorage(), configuration: .init(minFreeBytes: 0), clock: clock
        )
        archive = ArchiveService(store: sources, jobs: service, syncs: QueueSourceSyncScheduler(driver: driver))
        gate = SiteGate(clock: clock)
        check = SourceCheck(
            archive: archive, lister: lister, feeds: feed, gate: gate, storage: storage,
            configuration: .init(knownStreak: 3, batchSize: batchSize), logger: logger
        )
    }

    /// Adds a source on `url` with `backlog` (and `change` applied).
    func add(_ url: String = "http://127.0.0.1:9/feed.xml", backlog: Backlog, _ change: (inout Source) -> Void = { _ in }) async throws -> Source {
        var source = Source(name: "Feed", url: url, backlog: backlog)
        change(&source)
        return try await archive.create(source)
    }

    /// The item phases of a source by media id.
    func phases(_ id: Int64) async throws -> [String: SourceItemPhase] {
        let items = try await sources.items(sourceID: id, query: .init(limit: 10_000))
        return Dictionary(uniqueKeysWithValues: items.map { ($0.entry.mediaID, $0.phase) })
    }

    /// The ids with `phase`.
    func ids(_ id: Int64, _ phase: SourceItemPhase) async throws -> Set<String> {
        Set(try await phases(id).filter { $0.value == phase }.keys)
    }

    /// Marks every queued item's job COMPLETE, as if the downloads had run.
    func completeDownloads(_ id: Int64) async throws {
        for item in try await sources.items(sourceID: id, query: .init(phases: [.queued], limit: 10_000)) {
            guard let jobID = item.jobID else { continue }
            _ = try await jobs.modify(jobID) { job in
                job.state = .complete
                return []
            }
        }
    }

    /// Source log messages.
    func sourceLogs() async throws -> [String] {
        try await jobs.events(after: 0, jobIDs: nil, limit: 1000)
            .filter { $0.jobId == nil && $0.type == .log }
            .compactMap { $0.payload["message"]?.stringValue }
    }
}
