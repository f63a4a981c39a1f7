import Foundation
import Logging
import SpoolCore
import SpoolMedia
import SpoolQueue
import SpoolSQLite
import SpoolStorage
import SpoolTesting
import Testing

@testable import SpoolWorker

/// The download stage on the real things: yt-dlp (and the direct downloader when asked), the header prober with ffprobe behind it, the
/// local library in a temporary media root, an in-memory SQLite store and the in-memory queue.
struct RealDownloadRig {
    let root: URL
    let storage: LocalMediaStorage
    let store: SQLiteJobStore
    let driver = MemoryQueueDriver()
    let running = RunningJobs()
    let service: JobService
    let ytDlp = YtDlp()
    let logger: Logger

    /// A rig whose media root is a new folder in `parent` (the temporary folder by default);
    /// `minFreeBytes` is MIN_FREE_SPACE.
    init(parent: URL = FileManager.default.temporaryDirectory, minFreeBytes: Int64 = 0) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        self.logger = logger
        root = parent.appendingPathComponent("spool-real-download-\(UUID().uuidString.prefix(8))")
        let paths = MediaPaths(mediaRoot: root.path)
        try paths.createDirectories()
        storage = LocalMediaStorage(paths: paths)
        store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: logger))
        service = JobService(
            store: store, scheduler: QueueScheduler(driver: driver), events: EventHub(), control: running,
            files: storage, configuration: .init(minFreeBytes: minFreeBytes)
        )
    }

    /// The library root, symlinks resolved (as stored paths are).
    var library: String { LibraryMover.resolve(storage.paths.libraryRoot) }

    /// Runs the download stage while `body` runs, then stops yt-dlp and removes the media root;
    /// with `direct`, plain media files take the fast path; `retries` is MAX_RETRIES (no backoff).
    func run(
        direct: (any DirectFileDownloader)? = nil, retries: Int = 0, diskCheckInterval: Duration = .milliseconds(100),
        _ body: () async throws -> Void
    ) async throws {
        let configuration = DownloadStage.Configuration(
            retryPolicy: RetryPolicy(maxRetries: retries, baseDelay: .milliseconds(50)), diskCheckInterval: diskCheckInterval
        )
        let stage = DownloadStage(
            service: service, downloader: YtDlpDownloader(ytDlp), direct: direct, prober: HeaderFirstProber(fallback: FFprobeProber(FFprobe())),
            storage: storage, running: running, configuration: configuration, logger: logger
        )
        let workers = StageWorkers(
            driver: driver, stages: [StageWorker(.download, concurrency: 1, handler: stage)], running: running,
            configuration: .init(idleWait: .milliseconds(50), workerID: "test"), logger: logger
        )
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await workers.run() }
                defer { group.cancelAll() }
                try await body()
            }
            await ytDlp.shutdown()
        } catch {
            await ytDlp.shutdown()
            throw error
        }
    }

    /// Waits (up to two minutes) until the job is COMPLETE, FAILED or CANCELED.
    func waitUntilTerminal(_ id: JobID) async throws -> Job {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if let job = try await store.job(id), job.state.isTerminal { return job }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("job \(id) did not finish")
        return try #require(try await store.job(id))
    }

    /// The messages of the job's log lines.
    func logs(of id: JobID) async throws -> [String] {
        try await store.events(for: id, query: EventQuery(limit: 500)).events.filter { $0.type == .log }.compactMap { $0.payload["message"]?.stringValue }
    }

    /// Every file below `folder` (relative to the library), as library-relative paths, sorted.
    func files(under folder: String) -> [String] {
        let base = library + "/" + folder
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let next = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(folder + "/" + next)
            }
        }
        return found.sorted()
    }
}
