import Foundation

/// The `temp-sweep` maintenance task: removes work folders that outlived their job — the job is
/// COMPLETE or CANCELED, FAILED longer than ``Configuration/keepFailed`` ago, or gone — such as
/// those a crash or a deletion on another machine left behind. Folders are listed first and the
/// jobs looked up after, so a job created meanwhile is never touched; names that are not job ids
/// are left alone.
public struct TempSweepTask: MaintenanceTask {
    /// Settings.
    public struct Configuration: Sendable {
        /// How long a FAILED job keeps its work folder, for `resume` to continue from it
        /// (TEMP_KEEP_FAILED, default 3 days; zero removes it at the next sweep).
        public var keepFailed: TimeInterval

        /// Creates settings.
        public init(keepFailed: TimeInterval = 3 * 86_400) {
            self.keepFailed = keepFailed
        }
    }

    /// The work folders.
    public let folders: any WorkFolders
    /// The jobs.
    public let store: any JobStore
    /// The time FAILED jobs are measured against.
    public let clock: any WallClock
    /// Settings.
    public let configuration: Configuration

    /// Creates the task.
    public init(folders: any WorkFolders, store: any JobStore, clock: any WallClock, configuration: Configuration = .init()) {
        self.folders = folders
        self.store = store
        self.clock = clock
        self.configuration = configuration
    }

    /// `temp-sweep`.
    public var name: String { "temp-sweep" }

    /// Removes (or lists) the leftover work folders and the bytes they held.
    public func run(dryRun: Bool) async throws -> MaintenanceReport {
        var report = MaintenanceReport(task: name, dryRun: dryRun)
        // The folders first: a job created after this listing has no folder in it.
        let listed = try folders.workFolderIDs()
        for id in listed {
            let job = try await store.job(id)
            guard let reason = Self.reason(toRemove: job, now: clock.now, keepFailed: configuration.keepFailed) else { continue }
            let bytes = folders.workFolderBytes(for: id)
            if !dryRun {
                do {
                    try await folders.removeWorkFolder(for: id)
                } catch {
                    report.errors.append("work folder of job \(id): \((error as? SpoolError)?.message ?? "\(error)")")
                    continue
                }
            }
            report.actions.append(MaintenanceAction(
                message: "\(dryRun ? "would remove" : "removed") the work folder of job \(id) (\(ByteCount.format(bytes))): \(reason)",
                bytes: bytes, metadata: ["job.id": id.rawValue, "file.bytes": String(bytes), "sweep.reason": reason]
            ))
        }
        return report
    }

    /// Why the work folder of `job` (nil: no such job) goes at `now`; nil keeps it.
    public static func reason(toRemove job: Job?, now: Date, keepFailed: TimeInterval) -> String? {
        guard let job else { return "its job no longer exists" }
        switch job.state {
        case .complete: return "its job is COMPLETE"
        case .canceled: return "its job was CANCELED"
        case .failed:
            let since = job.finishedAt ?? job.updatedAt
            guard now.timeIntervalSince(since) >= keepFailed else { return nil }
            return "its job FAILED at \(since.formatted(.iso8601))"
        default:
            return nil
        }
    }
}
