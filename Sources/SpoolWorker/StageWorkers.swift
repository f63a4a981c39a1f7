import Logging
import ServiceLifecycle
import SpoolCore
import SpoolQueue

/// The queue processors of the stages this process runs, as one service.
public struct StageWorkers: Service {
    /// Per-stage concurrency and lease settings.
    public struct Configuration: Sendable {
        /// Downloads at once (DOWNLOAD_CONCURRENCY, default 1).
        public var downloadConcurrency: Int
        /// Lease length for claimed entries.
        public var leaseDuration: Duration
        /// Longest idle wait between claims (enqueues wake workers at once in-process).
        public var idleWait: Duration
        /// This worker's id.
        public var workerID: String

        /// Creates a configuration.
        public init(downloadConcurrency: Int = 1, leaseDuration: Duration = .seconds(30), idleWait: Duration = .seconds(2), workerID: String) {
            self.downloadConcurrency = downloadConcurrency
            self.leaseDuration = leaseDuration
            self.idleWait = idleWait
            self.workerID = workerID
        }
    }

    private let processors: [QueueProcessor]
    private let running: RunningJobs

    /// Creates the workers for the download stage.
    public init(driver: any JobQueueDriver, download: DownloadStage, running: RunningJobs, configuration: Configuration, logger: Logger) {
        self.running = running
        self.processors = [
            QueueProcessor(
                driver: driver,
                configuration: .init(queue: .download, concurrency: configuration.downloadConcurrency, leaseDuration: configuration.leaseDuration, idleWait: configuration.idleWait, workerID: configuration.workerID),
                logger: logger,
                handler: { context in await download.handle(context) }
            ),
        ]
    }

    /// Runs every processor until shutdown; running stages are stopped and hand their entries back.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for processor in processors {
                    group.addTask { try await processor.run() }
                }
            }
        } onGracefulShutdown: {
            running.stopAll(.shutdown)
        }
    }
}
