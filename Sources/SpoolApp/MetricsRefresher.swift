import Logging
import Prometheus
import ServiceLifecycle
import SpoolCore
import SpoolQueue

/// Keeps the job and queue gauges current: `spool_jobs{state}` and `spool_queue_entries{queue,status}`.
struct MetricsRefresher: Service {
    let registry: PrometheusCollectorRegistry
    let store: any JobStore
    let driver: any JobQueueDriver
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let jobs = Dictionary(uniqueKeysWithValues: JobState.allCases.map { state in
            (state, registry.makeGauge(name: "spool_jobs", labels: [("state", state.rawValue)], help: "Jobs in each state."))
        })
        let queues = [QueueName.download]
        let statuses = ["pending", "delayed", "active", "failed"]
        var queueGauges: [String: Gauge] = [:]
        for queue in queues {
            for status in statuses {
                queueGauges["\(queue)/\(status)"] = registry.makeGauge(
                    name: "spool_queue_entries", labels: [("queue", queue.rawValue), ("status", status)], help: "Queue entries by status."
                )
            }
        }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let counts = try await store.countsByState()
                for (state, gauge) in jobs { gauge.set(Double(counts[state] ?? 0)) }
                for queue in queues {
                    let stats = try await driver.stats(for: queue)
                    let values = ["pending": stats.pending, "delayed": stats.delayed, "active": stats.active, "failed": stats.failed]
                    for (status, value) in values { queueGauges["\(queue)/\(status)"]?.set(Double(value)) }
                }
            } catch {
                logger.debug("metrics refresh failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
