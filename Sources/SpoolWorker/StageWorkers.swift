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
        /// Dubbing jobs at once (DUBBING_CONCURRENCY, default 2).
        public var dubbingConcurrency: Int
        /// Muxing jobs at once (MUXING_CONCURRENCY, default 1).
        public var muxingConcurrency: Int
        /// Lease length for claimed entries.
        public var leaseDuration: Duration
        /// Longest idle wait between claims (enqueues wake workers at once in-process).
        public var idleWait: Duration
        /// This worker's id.
        public var workerID: String
        /// On shutdown, how long running stages may finish before they are stopped and handed back
        /// (SHUTDOWN_TIMEOUT for workers; zero stops them at once).
        public var drainTimeout: Duration

        /// Creates a configuration.
        public init(
            downloadConcurrency: Int = 1, dubbingConcurrency: Int = 2, muxingConcurrency: Int = 1,
            leaseDuration: Duration = .seconds(30), idleWait: Duration = .seconds(2), workerID: String,
            drainTimeout: Duration = .zero
        ) {
            self.drainTimeout = drainTimeout
            self.downloadConcurrency = downloadConcurrency
            self.dubbingConcurrency = dubbingConcurrency
            self.muxingConcurrency = muxingConcurrency
            self.leaseDuration = leaseDuration
            self.idleWait = idleWait
            self.workerID = workerID
        }
    }

    private let processors: [QueueProcessor]
    private let running: RunningJobs
    private let drainTimeout: Duration

    /// Creates the workers for the stages given (a nil stage is not run by this process).
    public init(
        driver: any JobQueueDriver, download: DownloadStage?, dub: DubStage? = nil, mux: MuxStage? = nil,
        running: RunningJobs, configuration: Configuration, logger: Logger
    ) {
        self.running = running
        self.drainTimeout = configuration.drainTimeout
        func processor(_ queue: QueueName, _ concurrency: Int, _ handler: @escaping @Sendable (LeaseContext) async -> Void) -> QueueProcessor {
            QueueProcessor(
                driver: driver,
                configuration: .init(
                    queue: queue, concurrency: concurrency, leaseDuration: configuration.leaseDuration, idleWait: configuration.idleWait,
                    workerID: configuration.workerID, drainTimeout: configuration.drainTimeout
                ),
                logger: logger,
                handler: handler
            )
        }
        var processors: [QueueProcessor] = []
        if let download { processors.append(processor(.download, configuration.downloadConcurrency) { await download.handle($0) }) }
        if let dub { processors.append(processor(.dub, configuration.dubbingConcurrency) { await dub.handle($0) }) }
        if let mux { processors.append(processor(.mux, configuration.muxingConcurrency) { await mux.handle($0) }) }
        self.processors = processors
    }

    /// Runs every processor until shutdown; running stages are stopped and hand their entries back.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for processor in processors {
                    group.addTask { try await processor.run() }
                }
            }
        } onGracefulShutdown: { [running, drainTimeout] in
            // Without a drain time, running stages stop at once; with one, the processors let them
            // finish and cancel what is left when it runs out (entries go back to the queue).
            if drainTimeout <= .zero { running.stopAll(.shutdown) }
        }
    }
}
