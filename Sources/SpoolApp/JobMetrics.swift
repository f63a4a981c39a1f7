import Logging
import Prometheus
import SpoolCore
import SpoolQueue
import SpoolStorage
import SpoolWorker

/// The job, queue, disk and worker gauges, read when `/metrics` is scraped (nothing is polled
/// while nobody looks): `spool_jobs{state}`, `spool_queue_entries{queue,status}`,
/// `spool_media_free_bytes`, `spool_media_min_free_bytes`, `spool_workers_live` and
/// `spool_build_info{version}`.
struct JobMetrics: Sendable {
    private let store: any JobStore
    private let driver: any JobQueueDriver
    private let jobs: [JobState: Gauge]
    private let queues: [QueueName: [String: Gauge]]
    private let storage: LocalMediaStorage
    private let freeBytes: Gauge
    private let workers: (probe: @Sendable () async throws -> [String], gauge: Gauge)?
    private let logger: Logger

    init(
        registry: PrometheusCollectorRegistry, store: any JobStore, driver: any JobQueueDriver, stages: StageCatalog,
        storage: LocalMediaStorage, minFreeBytes: Int64, workers: (@Sendable () async throws -> [String])?, logger: Logger
    ) {
        self.store = store
        self.driver = driver
        self.storage = storage
        self.logger = logger
        freeBytes = registry.makeGauge(name: "spool_media_free_bytes", help: "Free bytes on the volume of MEDIA_ROOT.")
        registry.makeGauge(name: "spool_media_min_free_bytes", help: "MIN_FREE_SPACE: below it new jobs are refused.").set(Double(minFreeBytes))
        registry.makeGauge(name: "spool_build_info", labels: [("version", SpoolVersion.current)], help: "The running Spool's version (always 1).").set(1.0)
        let live = registry.makeGauge(name: "spool_workers_live", help: "Workers whose heartbeat is current (in the embedded mode, the server itself: 1).")
        live.set(1.0)
        self.workers = workers.map { probe in (probe, live) }
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
            if let free = try? storage.volumeStatus().freeBytes { freeBytes.set(Double(free)) }
            if let workers { workers.gauge.set(Double(try await workers.probe().count)) }
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
