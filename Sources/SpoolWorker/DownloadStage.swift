import Foundation
import Logging
import SpoolCore
import SpoolMedia
import SpoolQueue
import Synchronization

/// Runs the download stage for entries of `q:download`: yt-dlp into the job's work folder,
/// an ffprobe check, an atomic move into the library, metadata into the store.
public struct DownloadStage: Sendable {
    /// Settings of the stage.
    public struct Configuration: Sendable {
        /// Retries and backoff (MAX_RETRIES).
        public var retryPolicy: RetryPolicy
        /// A download with no progress for this long is restarted (STALL_TIMEOUT).
        public var stallTimeout: Duration
        /// Restarts after a stall before the job fails (STALL_RESTARTS).
        public var stallRestarts: Int
        /// Builds yt-dlp requests.
        public var requests: DownloadRequestBuilder

        /// Creates a configuration.
        public init(retryPolicy: RetryPolicy = RetryPolicy(), stallTimeout: Duration = .seconds(120), stallRestarts: Int = 1, requests: DownloadRequestBuilder = DownloadRequestBuilder()) {
            self.retryPolicy = retryPolicy
            self.stallTimeout = stallTimeout
            self.stallRestarts = stallRestarts
            self.requests = requests
        }
    }

    let service: JobService
    let ytdlp: YtDlp
    let ffprobe: FFprobe
    let paths: MediaPaths
    let running: RunningJobs
    let configuration: Configuration
    let stalls = StallCounter()
    let logger: Logger

    /// Creates the stage.
    public init(service: JobService, ytdlp: YtDlp, ffprobe: FFprobe, paths: MediaPaths, running: RunningJobs, configuration: Configuration, logger: Logger) {
        self.service = service
        self.ytdlp = ytdlp
        self.ffprobe = ffprobe
        self.paths = paths
        self.running = running
        self.configuration = configuration
        self.logger = logger
    }

    /// Handles one claimed entry; settles its lease.
    public func handle(_ context: LeaseContext) async {
        let id = context.jobID
        var logger = self.logger
        logger[metadataKey: "job.id"] = "\(id)"
        let job: Job
        do {
            // The lifecycle rejects a job that was paused, canceled or deleted since it was queued.
            let attempt = context.attempts + 1
            let started = JobEvent.log(id, .info, "download started (attempt \(attempt) of \(configuration.retryPolicy.maxRetries + 1))", stage: .download)
            (job, _) = try await service.transition(id, .start(.download), events: [started]) { job in
                job.attempts = attempt
                job.progress = JobProgress(stage: .download)
            }
        } catch {
            let expected = (error as? SpoolError).map { [.illegalTransition, .notFound].contains($0.code) } ?? false
            logger.log(level: expected ? .debug : .warning, "not starting the download", metadata: ["error": "\(error)"])
            try? await context.discard()
            return
        }

        let workDirectory = paths.workDirectory(for: id)
        let reporter = ProgressReporter(jobID: id, stage: .download, service: service)
        let outcome = await running.run(id) { signal in
            await download(job, into: workDirectory, reporter: reporter, signal: signal)
        }
        await settle(outcome, job: job, workDirectory: workDirectory, reporter: reporter, context: context, logger: logger)
    }

    /// How one run ended.
    enum Outcome: Sendable {
        case finished(YtDlpResult)
        case stopped(StopReason)
        case failed(SpoolError)
    }

    private func download(_ job: Job, into workDirectory: String, reporter: ProgressReporter, signal: StopSignal) async -> Outcome {
        do {
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        } catch {
            return .failed(SpoolError(.storage, "cannot create the work folder: \(error.localizedDescription)"))
        }
        let request = configuration.requests.request(for: job, workDirectory: workDirectory)
        let stallTimeout = configuration.stallTimeout.timeInterval
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await runYtDlp(request, jobID: job.id, reporter: reporter, signal: signal) }
            group.addTask {
                _ = await signal.wait()
                return nil
            }
            group.addTask {
                await Self.watchForStall(reporter, timeout: stallTimeout, signal: signal)
                return nil
            }
            return await Self.firstOutcome(of: &group, signal: signal)
        }
    }

    /// Runs yt-dlp, reporting progress and logs; a stop shows as `.stopped` with its reason.
    private func runYtDlp(_ request: YtDlpRequest, jobID: JobID, reporter: ProgressReporter, signal: StopSignal) async -> Outcome {
        do {
            let result = try await ytdlp.download(request) { event in
                switch event {
                case .progress(let progress):
                    await reporter.report(JobProgress(
                        stage: .download,
                        percent: progress.percent,
                        downloadedBytes: progress.downloadedBytes,
                        totalBytes: progress.totalBytes ?? progress.totalBytesEstimate,
                        speed: progress.speed,
                        eta: progress.eta
                    ))
                case .log(let line):
                    try? await service.record([.log(jobID, .debug, line, stage: .download)])
                }
            }
            return .finished(result)
        } catch let error as MediaError {
            return signal.reason.map(Outcome.stopped) ?? .failed(error.spoolError)
        } catch let error as SpoolError {
            return .failed(error)
        } catch {
            return signal.reason.map(Outcome.stopped) ?? (Task.isCancelled ? .stopped(.shutdown) : .failed(SpoolError(.downloadFailed, "\(error)")))
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

    /// The download child decides the outcome; a stop signal makes it end by cancelling it.
    private static func firstOutcome(of group: inout TaskGroup<Outcome?>, signal: StopSignal) async -> Outcome {
        var outcome: Outcome?
        while outcome == nil, let next = await group.next() {
            if let next {
                outcome = next
            } else if signal.reason != nil {
                group.cancelAll()
            }
        }
        group.cancelAll()
        if let reason = signal.reason, case .finished = outcome, reason == .cancel {
            // Finished in the same instant as a cancel: the cancel wins.
            return .stopped(reason)
        }
        return outcome ?? .stopped(signal.reason ?? .shutdown)
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
