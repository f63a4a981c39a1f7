import Foundation
import Logging
import SpoolCore
import SpoolQueue
import Synchronization

/// Runs the download stage for entries of `q:download`: the downloader into the job's work folder,
/// a probe of the file, an atomic move into the library (then, for a followed source's video, its
/// side files and NFO files: `DownloadStage+SideFiles.swift`), metadata into the store.
///
/// A failure retrying cannot fix (a 404, a private video, a bad format: ``SpoolError/isPermanentDownloadFailure``)
/// fails the job at once; a full disk sends the job back to the queue and pauses the queue
/// (`DownloadStage+DiskFull.swift`); anything else is retried with backoff.
///
/// With a direct downloader (DIRECT_DOWNLOAD), a URL that serves a plain media file is fetched
/// natively and anything else with yt-dlp (``DownloadRouter``); the job log says which and why.
public struct DownloadStage: Sendable {
    /// Settings of the stage.
    public struct Configuration: Sendable {
        /// Retries and backoff (MAX_RETRIES).
        public var retryPolicy: RetryPolicy
        /// A download with no progress for this long is restarted (STALL_TIMEOUT).
        public var stallTimeout: Duration
        /// Restarts after a stall before the job fails (STALL_RESTARTS).
        public var stallRestarts: Int
        /// Builds download requests.
        public var requests: DownloadRequestBuilder
        /// While the queue is paused on a full disk, how often free space is measured again.
        public var diskCheckInterval: Duration

        /// Creates a configuration.
        public init(
            retryPolicy: RetryPolicy = RetryPolicy(), stallTimeout: Duration = .seconds(120), stallRestarts: Int = 1,
            requests: DownloadRequestBuilder = DownloadRequestBuilder(), diskCheckInterval: Duration = .seconds(5)
        ) {
            self.diskCheckInterval = diskCheckInterval
            self.retryPolicy = retryPolicy
            self.stallTimeout = stallTimeout
            self.stallRestarts = stallRestarts
            self.requests = requests
        }
    }

    let service: JobService
    let downloader: any MediaDownloader
    let router: DownloadRouter
    let prober: any MediaProber
    let storage: any MediaStorage
    let running: RunningJobs
    let configuration: Configuration
    let stalls = StallCounter()
    let run: StageRun
    /// Pauses the queue on a full disk (``DownloadStage/claimGate``).
    let diskSpace: DiskSpaceGate

    /// Creates the stage with the tools and the storage it runs on; `direct`, when given, fetches
    /// plain media files without `downloader` (yt-dlp).
    public init(
        service: JobService, downloader: any MediaDownloader, direct: (any DirectFileDownloader)? = nil, prober: any MediaProber,
        storage: any MediaStorage, running: RunningJobs, configuration: Configuration, logger: Logger
    ) {
        self.service = service
        self.downloader = downloader
        self.router = DownloadRouter(direct: direct)
        self.prober = prober
        self.storage = storage
        self.running = running
        self.configuration = configuration
        self.run = StageRun(
            definition: .download, service: service, retryPolicy: configuration.retryPolicy,
            retryable: [.downloadFailed, .toolFailed, .storage], logger: logger
        )
        self.diskSpace = DiskSpaceGate(service: service, checkInterval: configuration.diskCheckInterval, logger: logger)
    }

    /// Handles one claimed entry; settles its lease.
    public func handle(_ context: LeaseContext) async {
        guard let job = await run.begin(context) else { return }
        let workDirectory = storage.workDirectory(for: job.id)
        let reporter = ProgressReporter(jobID: job.id, stage: .download, service: service)
        let outcome = await download(job, into: workDirectory, reporter: reporter)
        await settle(outcome, job: job, workDirectory: workDirectory, reporter: reporter, context: context)
    }

    private func download(_ job: Job, into workDirectory: String, reporter: ProgressReporter) async -> StageOutcome<MediaDownloadResult> {
        let request = configuration.requests.request(for: job, workDirectory: workDirectory)
        let stallTimeout = configuration.stallTimeout.timeInterval
        return await run.execute(job.id, running: running, watch: { signal in
            await Self.watchForStall(reporter, timeout: stallTimeout, signal: signal)
        }, work: {
            _ = try storage.createWorkDirectory(for: job.id)
            return try await fetch(request, jobID: job.id, reporter: reporter)
        })
    }

    /// Runs the fast path or yt-dlp (as ``DownloadRouter`` decides), reporting progress and logs.
    private func fetch(_ request: MediaDownloadRequest, jobID: JobID, reporter: ProgressReporter) async throws -> MediaDownloadResult {
        guard let direct = router.direct else {
            return try await downloader.download(request, onEvent: handler(jobID: jobID, reporter: reporter, logLevel: .debug))
        }
        switch await router.route(request) {
        case .direct(let file):
            let line = "direct download (no yt-dlp): \(file.mediaType), \(ByteCount.format(file.length)), \(file.acceptsRanges ? "byte ranges accepted" : "no byte ranges")"
            try? await service.record([.log(jobID, .info, line, stage: .download)])
            // The fast path's few lines (connections, resume, restart and why) are worth reading.
            return try await direct.download(request, file: file, onEvent: handler(jobID: jobID, reporter: reporter, logLevel: .info))
        case .ytdlp(let reason):
            try? await service.record([.log(jobID, .info, "downloading with yt-dlp: \(reason)", stage: .download)])
            return try await downloader.download(request, onEvent: handler(jobID: jobID, reporter: reporter, logLevel: .debug))
        }
    }

    /// Turns a downloader's events into job progress and job log lines at `logLevel`.
    private func handler(jobID: JobID, reporter: ProgressReporter, logLevel: LogLevel) -> @Sendable (MediaDownloadEvent) async -> Void {
        { [service] event in
            switch event {
            case .progress(let progress):
                await reporter.report(JobProgress(
                    stage: .download,
                    percent: progress.percent,
                    downloadedBytes: progress.downloadedBytes,
                    totalBytes: progress.totalBytes,
                    speed: progress.speed,
                    eta: progress.eta
                ))
            case .log(let line):
                try? await service.record([.log(jobID, logLevel, line, stage: .download)])
            }
        }
    }

    /// Fires `.stall` when progress has not moved for `timeout` seconds.
    private static func watchForStall(_ reporter: ProgressReporter, timeout: Double, signal: StopSignal) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if Date().timeIntervalSince(reporter.lastMovement) > timeout {
                signal.fire(.stall)
                return
            }
        }
    }
}

/// Counts stall restarts per job within this process.
final class StallCounter: Sendable {
    private let counts = Mutex<[JobID: Int]>([:])

    /// Adds one and returns the new count.
    func increment(_ id: JobID) -> Int {
        counts.withLock { counts in
            counts[id, default: 0] += 1
            return counts[id]!
        }
    }

    /// Forgets a job.
    func reset(_ id: JobID) {
        _ = counts.withLock { $0.removeValue(forKey: id) }
    }
}
