import Logging
import ServiceLifecycle
import SpoolCore
import SpoolQueue

/// The queue processors of the stages this process runs, as one service.
public struct StageWorkers: Service {
    /// Lease and shutdown settings shared by every stage's processor.
    public struct Configuration: Sendable {
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
        public init(leaseDuration: Duration = .seconds(30), idleWait: Duration = .seconds(2), workerID: String, drainTimeout: Duration = .zero) {
            self.leaseDuration = leaseDuration
            self.idleWait = idleWait
            self.workerID = workerID
            self.drainTimeout = drainTimeout
        }
    }

    private let processors: [QueueProcessor]
    private let running: RunningJobs
    private let drainTimeout: Duration

    /// Creates a queue processor for each of `stages` (the stages this process runs).
    public init(driver: any JobQueueDriver, stages: [StageWorker], running: RunningJobs, configuration: Configuration, logger: Logger) {
        self.running = running
        self.drainTimeout = configuration.drainTimeout
        self.processors = stages.map { stage in
            let handler = stage.handler
            return QueueProcessor(
                driver: driver, gate: handler.claimGate,
                configuration: .init(
                    queue: QueueName(stage.definition.stage), concurrency: stage.concurrency, leaseDuration: configuration.leaseDuration,
                    idleWait: configuration.idleWait, workerID: configuration.workerID, drainTimeout: configuration.drainTimeout
                ),
                logger: logger,
                handler: { await handler.handle($0) }
            )
        }
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
