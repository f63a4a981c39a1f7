import Foundation
import Logging
import Prometheus
import SpoolCore
import SpoolQueue
import SpoolWorker
import Synchronization

/// Seed 004's archive metrics, read from the source store when `/metrics` is scraped:
/// `spool_archive_queue_length`, `spool_archive_downloads_total{status}`,
/// `spool_archive_download_duration_seconds`, `spool_archive_storage_bytes` and
/// `spool_archive_active_workers`. Counters and the histogram count what this process has seen
/// since it started (each finished download once), as Prometheus counters do.
struct ArchiveMetrics: Sendable {
    private let sources: any SourceStore
    private let jobs: any JobStore
    private let driver: any JobQueueDriver
    private let logger: Logger
    private let queueLength: Gauge
    private let storageBytes: Gauge
    private let activeWorkers: Gauge
    private let downloads: [String: Counter]
    private let duration: DurationHistogram
    /// Downloads already counted, with their file size; downloads counted as failed.
    private let seen = Seen()

    init(registry: PrometheusCollectorRegistry, sources: any SourceStore, jobs: any JobStore, driver: any JobQueueDriver, logger: Logger) {
        self.sources = sources
        self.jobs = jobs
        self.driver = driver
        self.logger = logger
        queueLength = registry.makeGauge(name: "spool_archive_queue_length", help: "Downloads of followed sources' videos waiting or running.")
        storageBytes = registry.makeGauge(name: "spool_archive_storage_bytes", help: "Bytes of the downloaded videos of followed sources.")
        activeWorkers = registry.makeGauge(name: "spool_archive_active_workers", help: "Source checks and source video downloads running now.")
        downloads = Dictionary(uniqueKeysWithValues: ["complete", "failed"].map { status in
            (status, registry.makeCounter(name: "spool_archive_downloads_total", labels: [("status", status)], help: "Finished downloads of followed sources' videos, by outcome."))
        })
        duration = registry.makeDurationHistogram(
            name: "spool_archive_download_duration_seconds",
            buckets: [.seconds(5), .seconds(15), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800), .seconds(3600)],
            help: "Time from the start of a source video's download to its completion."
        )
    }

    /// Sets the gauges and counts downloads finished since the last scrape.
    func refresh() async {
        do {
            var waiting = 0
            var running = 0
            var bytes: Int64 = 0
            for source in try await sources.sources() {
                let items = try await sources.items(sourceID: source.id, query: .init(phases: [.queued, .downloaded, .failed], limit: Int.max))
                for item in items {
                    guard let jobID = item.jobID else { continue }
                    switch item.phase {
                    case .queued:
                        waiting += 1
                        if item.jobState?.isRunning == true { running += 1 }
                    case .downloaded:
                        bytes += try await countComplete(jobID)
                    case .failed:
                        countFailed(jobID)
                    default:
                        break
                    }
                }
            }
            queueLength.set(Double(waiting))
            storageBytes.set(Double(bytes))
            activeWorkers.set(Double(running + (try await driver.stats(for: .sync).active)))
        } catch {
            logger.debug("archive metrics refresh failed", metadata: ["error": "\(error)"])
        }
    }

    /// Counts a finished download once (with its duration); returns its file size.
    private func countComplete(_ id: JobID) async throws -> Int64 {
        if let size = seen.state.withLock({ $0.complete[id] }) { return size }
        let job = try await jobs.job(id)
        let size = try await jobs.media(for: id)?.filesize ?? 0
        seen.state.withLock { $0.complete[id] = size }
        downloads["complete"]?.increment()
        if let started = job?.startedAt, let finished = job?.finishedAt, finished >= started {
            duration.record(.milliseconds(Int64(finished.timeIntervalSince(started) * 1000)))
        }
        return size
    }

    private func countFailed(_ id: JobID) {
        let new = seen.state.withLock { $0.failed.insert(id).inserted }
        if new { downloads["failed"]?.increment() }
    }
}

/// The downloads ``ArchiveMetrics`` has counted (shared by its copies).
private final class Seen: Sendable {
    let state = Mutex<(complete: [JobID: Int64], failed: Set<JobID>)>(([:], []))
}
