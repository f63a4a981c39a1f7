import Foundation
import Logging
import ServiceLifecycle

/// Runs a handler for entries of one queue with a concurrency limit, keeping leases alive.
///
/// `concurrency` slots claim in queue order; one more loop claims only forced ("start now")
/// entries and runs each at once, regardless of the limit. While a handler runs its lease is
/// renewed; if the lease is lost the handler's task is cancelled. On graceful shutdown no new
/// entries are claimed and running handlers are cancelled (they hand their lease back).
public struct QueueProcessor: Service {
    /// Settings for one queue's processing.
    public struct Configuration: Sendable {
        /// The queue.
        public var queue: QueueName
        /// Handlers running at once (forced entries come on top).
        public var concurrency: Int
        /// Lease length.
        public var leaseDuration: Duration
        /// Idle wait between claims when the queue is empty (an enqueue wakes workers sooner).
        public var idleWait: Duration
        /// This worker's id (appears in leases).
        public var workerID: String
        /// On graceful shutdown, how long running handlers may go on before they are cancelled
        /// (and hand their entries back); no new entries are claimed meanwhile.
        public var drainTimeout: Duration

        /// Creates a configuration.
        public init(
            queue: QueueName, concurrency: Int = 1, leaseDuration: Duration = .seconds(30), idleWait: Duration = .seconds(1),
            workerID: String = "worker-\(UUID().uuidString.prefix(8))", drainTimeout: Duration = .zero
        ) {
            self.drainTimeout = drainTimeout
            self.queue = queue
            self.concurrency = concurrency
            self.leaseDuration = leaseDuration
            self.idleWait = idleWait
            self.workerID = workerID
        }
    }

    /// Why the processor stops claiming or cancels its handlers.
    enum Stop: Sendable {
        /// Graceful shutdown.
        case shutdown
    }

    /// The processor's drain and stop signals.
    typealias Signal = OneShotSignal<Stop>

    /// Runs one claimed entry. It settles the lease through the context; an unsettled lease is
    /// handed back when the handler returns.
    public typealias Handler = @Sendable (LeaseContext) async -> Void

    private let driver: any JobQueueDriver
    private let wakeup: (any QueueWakeup)?
    private let configuration: Configuration
    private let handler: Handler
    private let logger: Logger
    private let gate: (any ClaimGate)?

    /// Creates a processor; while `gate` is closed it claims nothing (it asks again after each idle wait).
    public init(
        driver: any JobQueueDriver, wakeup: (any QueueWakeup)? = nil, gate: (any ClaimGate)? = nil,
        configuration: Configuration, logger: Logger, handler: @escaping Handler
    ) {
        self.gate = gate
        self.driver = driver
        self.wakeup = wakeup ?? (driver as? any QueueWakeup)
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
    }

    /// Claims and runs entries until shutdown.
    public func run() async throws {
        // `draining` ends claiming at once; `stopping` cancels running handlers after the drain time.
        let draining = Signal()
        let stopping = Signal()
        let drainTimeout = configuration.drainTimeout
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { timer in
                timer.addTask { await Self.stopAfterDrain(draining, stopping, timeout: drainTimeout) }
                await claimLoops(draining: draining, stopping: stopping)
                // Every handler is done: no need to wait out the drain time.
                timer.cancelAll()
            }
        } onGracefulShutdown: {
            draining.fire(.shutdown)
            if drainTimeout <= .zero { stopping.fire(.shutdown) }
        }
    }

    /// Fires `stopping` `timeout` after `draining` fired; ends early when the processor ends.
    private static func stopAfterDrain(_ draining: Signal, _ stopping: Signal, timeout: Duration) async {
        guard await draining.wait() != nil else { return }
        try? await Task.sleep(for: timeout)
        stopping.fire(.shutdown)
    }

    private func claimLoops(draining: Signal, stopping: Signal) async {
        await withDiscardingTaskGroup { group in
            for _ in 0..<max(configuration.concurrency, 0) {
                group.addTask { await claimLoop(forcedOnly: false, draining: draining, stopping: stopping) }
            }
            group.addTask { await claimLoop(forcedOnly: true, draining: draining, stopping: stopping) }
        }
    }

    private func claimLoop(forcedOnly: Bool, draining: Signal, stopping: Signal) async {
        await withDiscardingTaskGroup { forcedGroup in
            while !Task.isCancelled, draining.reason == nil {
                if let gate, await !gate.mayClaim() {
                    try? await Task.sleep(for: configuration.idleWait)
                    continue
                }
                let lease: QueueLease?
                do {
                    lease = try await driver.claim(from: configuration.queue, workerID: configuration.workerID, leaseDuration: configuration.leaseDuration, forcedOnly: forcedOnly)
                } catch {
                    logger.error("claim failed", metadata: ["queue.name": "\(configuration.queue)", "error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                guard let lease else {
                    await idle()
                    continue
                }
                if forcedOnly {
                    forcedGroup.addTask { await process(lease, stopping: stopping) }
                } else {
                    await process(lease, stopping: stopping)
                }
            }
        }
    }

    private func idle() async {
        if let wakeup {
            await wakeup.waitForWork(in: configuration.queue, timeout: configuration.idleWait)
        } else {
            try? await Task.sleep(for: configuration.idleWait)
        }
    }

    private func process(_ lease: QueueLease, stopping: Signal) async {
        let context = LeaseContext(lease: lease, driver: driver)
        let renewEvery = configuration.leaseDuration / 3
        let leaseDuration = configuration.leaseDuration
        let logger = self.logger
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await handler(context)
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: renewEvery)
                    if Task.isCancelled { return }
                    do {
                        try await context.renew(by: leaseDuration)
                    } catch {
                        logger.warning("lease lost", metadata: ["task.key": "\(lease.entry.key)", "queue.name": "\(lease.entry.queue)"])
                        context.markLost()
                        return
                    }
                }
            }
            group.addTask {
                // Shutdown cancels the handler (a lost lease does too: the renewal task ends first).
                _ = await stopping.wait()
            }
            _ = await group.next()
            group.cancelAll()
        }
        if !context.isSettled, !context.isLost {
            try? await context.release(delay: .zero)
        }
    }
}
