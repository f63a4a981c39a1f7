import Foundation
import Logging
import ServiceLifecycle
import SpoolCore
import Synchronization

/// Queues the checks that are due: each enabled source at its schedule's next time, and a fast
/// feed poll every ``Configuration/fastCheckInterval`` for sources with a feed. Runs once per
/// deployment (in `spool serve` or the gateway).
public struct SourceCheckScheduler: Service {
    /// Timing.
    public struct Configuration: Sendable {
        /// How often the due sources are looked for.
        public var tick: TimeInterval
        /// How often a source's feed is polled between checks; zero turns fast checks off.
        public var fastCheckInterval: TimeInterval

        /// Creates timing (every 30 s; feeds every 10 minutes).
        public init(tick: TimeInterval = 30, fastCheckInterval: TimeInterval = 600) {
            self.tick = tick
            self.fastCheckInterval = fastCheckInterval
        }
    }

    let store: any SourceStore
    let syncs: any SourceSyncScheduler
    let clock: any WallClock
    let configuration: Configuration
    let logger: Logger
    private let polled = FastPolls()

    /// Creates the scheduler.
    public init(store: any SourceStore, syncs: any SourceSyncScheduler, clock: any WallClock, configuration: Configuration = .init(), logger: Logger) {
        self.store = store
        self.syncs = syncs
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
    }

    /// Looks for due sources every tick until shutdown.
    public func run() async throws {
        await PeriodicTicks.run(every: configuration.tick, clock: clock, logger: logger, failure: "source schedule failed") {
            _ = try await tick()
        }
    }

    /// Queues the checks due now; returns the ids of the sources checked and polled.
    @discardableResult
    public func tick() async throws -> (checks: [Int64], polls: [Int64]) {
        let now = clock.now
        var checks: [Int64] = []
        var polls: [Int64] = []
        for source in try await store.sources() where source.enabled {
            if (source.status.nextCheckAt ?? now) <= now {
                // Planning the next time first keeps a slow or failing check from being queued every tick.
                let next = source.schedule.next(after: now, now: now)
                _ = try await store.modifySource(source.id) { $0.status.nextCheckAt = next }
                try await syncs.enqueueSync(source.id, mode: .check, notBefore: nil)
                checks.append(source.id)
            } else if configuration.fastCheckInterval > 0, source.feedURL != nil, source.status.backlogApplied,
                      polled.due(source.id, now: now, every: configuration.fastCheckInterval) {
                try await syncs.enqueueSync(source.id, mode: .fast, notBefore: nil)
                polls.append(source.id)
            }
        }
        return (checks, polls)
    }
}

/// When each source's feed was last polled (in memory; a restart polls at once).
private final class FastPolls: Sendable {
    private let last = Mutex<[Int64: Date]>([:])

    func due(_ id: Int64, now: Date, every interval: TimeInterval) -> Bool {
        last.withLock { last in
            if let previous = last[id], now.timeIntervalSince(previous) < interval { return false }
            last[id] = now
            return true
        }
    }
}
