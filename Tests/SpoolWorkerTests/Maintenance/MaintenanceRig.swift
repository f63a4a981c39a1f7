import Foundation
import Logging
import SpoolCore
import SpoolQueue
import SpoolSQLite
import SpoolStorage
import SpoolTesting
import SpoolWorker

/// Real SQLite stores, the in-memory queue, a manual clock and ``LocalMediaStorage`` over a fresh
/// folder: jobs are stored with real files in the library, as finished downloads leave them.
struct MaintenanceRig {
    let root: URL
    let storage: LocalMediaStorage
    let jobs: SQLiteJobStore
    let sources: SQLiteSourceStore
    let clock = ManualWallClock()
    let driver = MemoryQueueDriver()
    let service: JobService
    let archive: ArchiveService

    init() throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spool-maintenance-\(UUID().uuidString.prefix(8))")
        storage = LocalMediaStorage(paths: MediaPaths(mediaRoot: root.path))
        try storage.paths.createDirectories()
        let database = try SQLiteDatabase.inMemory(logger: logger)
        jobs = SQLiteJobStore(database: database)
        sources = SQLiteSourceStore(database: database)
        service = JobService(
            store: jobs, scheduler: QueueScheduler(driver: driver), events: EventHub(), control: RunningJobs(),
            files: storage, configuration: .init(minFreeBytes: 0), clock: clock
        )
        archive = ArchiveService(store: sources, jobs: service, syncs: QueueSourceSyncScheduler(driver: driver))
    }

    /// Deletes the folder.
    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }

    /// The retention of the library under `rules` and of the sources.
    func retention(_ rules: Retention = Retention()) -> RetentionService {
        RetentionService(archive: archive, library: LibraryRetention(rules: rules))
    }

    /// A job in `state` that finished `daysAgo`: for COMPLETE, `name.mkv` in the library with an
    /// info.json beside it (a side file), and a media row whose size is `filesize`.
    @discardableResult
    func job(
        _ name: String, finishedDaysAgo daysAgo: Double, state: JobState = .complete, filesize: Int64? = nil, tags: [String] = [],
        sourceID: Int64? = nil
    ) async throws -> Job {
        var options = JobOptions(url: "https://example.com/\(name)", tags: tags)
        if let sourceID { options.archive = ArchiveFiles(showName: "Show", sourceID: sourceID) }
        let (draft, _) = try await jobs.insert(Job(options: options, now: clock.now.addingTimeInterval(-400 * 86_400)), events: [])
        let folder = storage.paths.libraryRoot + "/" + name
        let video = folder + "/\(name).mkv"
        let info = folder + "/\(name).info.json"
        if state == .complete {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(repeating: 7, count: 4_096).write(to: URL(fileURLWithPath: video))
            try Data("{}".utf8).write(to: URL(fileURLWithPath: info))
        }
        let finished = clock.now.addingTimeInterval(-daysAgo * 86_400)
        let (job, _) = try await jobs.modify(draft.id) { job in
            job.state = state
            job.title = "Video \(name)"
            job.finishedAt = state.isTerminal ? finished : nil
            job.updatedAt = finished
            if state == .complete {
                job.outputPath = video
                job.artifacts = [JobArtifact(kind: .sideFile, path: info, stage: .download)]
            }
            return []
        }
        var media = Media(jobID: job.id)
        media.title = job.title
        media.filesize = filesize
        media.path = job.outputPath
        try await jobs.saveMedia(media)
        return job
    }

    /// A source with `retention` whose items are the downloads `jobs` (the first newest).
    func source(_ name: String, retention: Retention, jobs downloads: [Job]) async throws -> Source {
        let source = try await sources.insertSource(Source(name: name, url: "https://example.com/\(name)", retention: retention))
        let items = downloads.enumerated().map { index, job in
            SourceItem(
                sourceID: source.id,
                entry: ListedEntry(
                    mediaID: "\(name)-\(index)", extractor: "generic", url: job.options.url, title: job.title,
                    publishedAt: job.finishedAt
                ),
                status: .queued, jobID: job.id, position: index, listedAt: clock.now
            )
        }
        _ = try await sources.addItems(items, status: SourceStatus(), to: source.id)
        return source
    }

    /// Whether a file exists.
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// A job's stored files as they are now.
    func storedFiles(of job: Job) async throws -> [String] {
        job.storedFiles(media: try await jobs.media(for: job.id))
    }

    /// The durable events without a job or of removed jobs, oldest first.
    func events() async throws -> [JobEvent] {
        try await jobs.events(after: 0, jobIDs: nil, limit: 10_000)
    }
}
