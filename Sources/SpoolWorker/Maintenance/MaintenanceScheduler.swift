import Foundation
import Logging
import ServiceLifecycle
import SpoolCore
import SpoolQueue

/// Queues every maintenance task on `q:generic` shortly after start and then every
/// ``Configuration/interval`` (MAINTENANCE_INTERVAL). Runs once per deployment process that plans
/// (`spool serve` or a gateway); the tasks' keys keep several gateways from piling up copies.
public struct MaintenanceScheduler: Service {
    /// Timing.
    public struct Configuration: Sendable {
        /// Time between runs of each task.
        public var interval: TimeInterval
        /// How long after start the first runs are queued (at most ``interval``).
        public var startDelay: TimeInterval

        /// Creates timing (hourly; the first runs 10 s after start).
        public init(interval: TimeInterval = 3_600, startDelay: TimeInterval = 10) {
            self.interval = interval
            self.startDelay = startDelay
        }
    }

    let tasks: [String]
    let driver: any JobQueueDriver
    let clock: any WallClock
    let configuration: Configuration
    let logger: Logger

    /// Creates the scheduler of the tasks named `tasks`.
    public init(tasks: [String], driver: any JobQueueDriver, clock: any WallClock, configuration: Configuration = .init(), logger: Logger) {
        self.tasks = tasks
        self.driver = driver
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
    }

    /// Queues the tasks after the start delay, then every interval, until shutdown.
    public func run() async throws {
        await PeriodicTicks.run(
            every: configuration.interval, after: min(configuration.startDelay, configuration.interval), clock: clock, logger: logger,
            failure: "maintenance schedule failed"
        ) { _ = try await tick() }
    }

    /// Queues a run of each task that has none waiting or running; returns the tasks queued.
    @discardableResult
    public func tick() async throws -> [String] {
        var queued: [String] = []
        for task in tasks where try await MaintenanceRun.enqueue(task, on: driver) {
            queued.append(task)
        }
        if !queued.isEmpty { logger.debug("maintenance queued", metadata: ["maintenance.tasks": "\(queued.joined(separator: ","))"]) }
        return queued
    }
}
