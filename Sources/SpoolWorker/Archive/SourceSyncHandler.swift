import Foundation
import Logging
import SpoolCore
import SpoolQueue

/// Runs the checks claimed from `q:sync`: waits out a site's cool-down or budget, runs the
/// ``SourceCheck``, and records how it went on the source (never its settings).
public struct SourceSyncHandler: Sendable {
    let check: SourceCheck
    let retryPolicy: RetryPolicy
    let logger: Logger

    /// Creates the handler.
    public init(check: SourceCheck, retryPolicy: RetryPolicy, logger: Logger) {
        self.check = check
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    private var archive: ArchiveService { check.archive }
    private var clock: any WallClock { check.clock }

    /// Handles one claimed entry and settles its lease.
    public func handle(_ lease: LeaseContext) async {
        guard let task = try? lease.task(as: SourceSyncTask.self) else {
            logger.warning("dropping an unreadable sync entry", metadata: ["queue.key": "\(lease.key)"])
            try? await lease.discard()
            return
        }
        let metadata: Logger.Metadata = ["source.id": "\(task.sourceID)", "sync.mode": "\(task.mode.rawValue)"]
        guard let source = try? await archive.store.source(task.sourceID) else {
            try? await lease.discard()
            return
        }
        let site = SiteGate.site(of: task.mode == .fast ? source.feedURL ?? source.url : source.url)
        if let wait = await check.gate.wait(for: site) {
            let reason = switch wait {
            case .coolingDown(let until): "\(site) is cooling down after refusing for rate, until \(Self.time(until))"
            case .overBudget(let until): "\(site)'s hourly lookup budget is spent; next slot at \(Self.time(until))"
            }
            logger.info("sync waits", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
            await check.publish(source, activity: "cooling-down", new: 0)
            try? await lease.release(delay: .seconds(max(wait.until.timeIntervalSince(clock.now), 1)))
            return
        }
        do {
            let outcome = try await check.run(task.sourceID, mode: task.mode)
            let now = clock.now
            let updated = try await archive.store.modifySource(task.sourceID) { source in
                source.status.lastError = nil
                if task.mode != .fast {
                    source.status.lastCheckAt = now
                    source.status.nextCheckAt = source.schedule.next(after: now, now: now)
                }
            }
            try await lease.complete()
            let what = outcome.indexed ? "index" : task.mode == .fast ? "feed check" : "check"
            try await archive.jobs.record([.sourceLog(
                task.sourceID, .info, "\(what) of '\(updated.name)': \(outcome.listed) listed, \(outcome.new) new, \(outcome.queued) queued", at: now
            )])
            await check.publish(updated, activity: "idle", new: outcome.new)
        } catch is CancellationError {
            // Shutdown or a lost lease: the progress is saved; the entry goes back to the queue.
            if !lease.isLost { try? await lease.release(delay: .zero) }
        } catch let error as SpoolError where error.code == .notFound {
            try? await lease.discard()
        } catch let error as SpoolError where error.code == .rateLimited {
            let until = await check.gate.refused(site)
            let message = "\(site) refused for rate (\(error.message)); cooling down until \(Self.time(until))"
            logger.warning("sync rate limited", metadata: metadata.merging(["until": "\(until)"]) { $1 })
            await note(message, on: source)
            try? await lease.release(delay: .seconds(max(until.timeIntervalSince(clock.now), 1)))
        } catch {
            let message = (error as? SpoolError)?.message ?? "\(error)"
            logger.warning("sync failed", metadata: metadata.merging(["error": "\(message)"]) { $1 })
            await note(message, on: source)
            _ = try? await lease.fail(message, policy: retryPolicy)
        }
    }

    /// Records a failed check on the source's status and in its log; the settings stay as they are.
    private func note(_ message: String, on source: Source) async {
        let now = clock.now
        let updated = try? await archive.store.modifySource(source.id) { source in
            source.status.lastError = message
            source.status.lastCheckAt = now
        }
        try? await archive.jobs.record([.sourceLog(source.id, .warning, "check failed: \(message)", at: now)])
        await check.publish(updated ?? source, activity: "idle", new: 0)
    }

    private static func time(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
