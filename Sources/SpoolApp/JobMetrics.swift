import Logging
import Prometheus
import SpoolCore
import SpoolQueue
import SpoolWorker

/// The job and queue gauges, `spool_jobs{state}` and `spool_queue_entries{queue,status}`, read
/// from the store when `/metrics` is scraped (nothing is polled while nobody looks).
struct JobMetrics: Sendable {
    private let store: any JobStore
    private let driver: any JobQueueDriver
    private let jobs: [JobState: Gauge]
    private let queues: [QueueName: [String: Gauge]]
    private let logger: Logger

    init(registry: PrometheusCollectorRegistry, store: any JobStore, driver: any JobQueueDriver, stages: StageCatalog, logger: Logger) {
        self.store = store
        self.driver = driver
        self.logger = logger
        jobs = Dictionary(uniqueKeysWithValues: JobState.allCases.map { state in
            (state, registry.makeGauge(name: "spool_jobs", labels: [("state", state.rawValue)], help: "Jobs in each state."))
        })
        queues = Dictionary(uniqueKeysWithValues: stages.stages.map(QueueName.init).map { queue in
            (queue, Dictionary(uniqueKeysWithValues: ["pending", "delayed", "active", "failed"].map { status in
                (status, registry.makeGauge(name: "spool_queue_entries", labels: [("queue", queue.rawValue), ("status", status)], help: "Queue entries by status."))
            }))
        })
    }

    /// Sets every gauge from the store and the queue.
    func refresh() async {
        do {
            let counts = try await store.countsByState()
            for (state, gauge) in jobs { gauge.set(Double(counts[state] ?? 0)) }
            for (queue, gauges) in queues {
                let stats = try await driver.stats(for: queue)
                let values = ["pending": stats.pending, "delayed": stats.delayed, "active": stats.active, "failed": stats.failed]
                for (status, gauge) in gauges { gauge.set(Double(values[status] ?? 0)) }
            }
        } catch {
            logger.debug("metrics refresh failed", metadata: ["error": "\(error)"])
        }
    }
}
