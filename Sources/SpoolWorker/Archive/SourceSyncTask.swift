import Foundation
import SpoolCore
import SpoolQueue

/// A queued check of one source in `q:sync`. Scheduled and on-demand checks share the key
/// `source:<id>` (a newer request replaces a waiting one); fast feed polls use `source:<id>:fast`
/// so they never replace a full check.
public struct SourceSyncTask: QueueTask, Hashable {
    /// `q:sync`.
    public static let queue = QueueName.sync
    /// The source to check.
    public var sourceID: Int64
    /// What the check does.
    public var mode: SyncMode

    /// Creates a task.
    public init(sourceID: Int64, mode: SyncMode) {
        self.sourceID = sourceID
        self.mode = mode
    }

    /// `source:42` or `source:42:fast`.
    public var key: TaskKey { TaskKey(mode == .fast ? "source:\(sourceID):fast" : "source:\(sourceID)") }
}

/// ``SourceSyncScheduler`` on a queue driver.
public struct QueueSourceSyncScheduler: SourceSyncScheduler {
    /// The queue backend.
    public let driver: any JobQueueDriver

    /// Creates a scheduler.
    public init(driver: any JobQueueDriver) {
        self.driver = driver
    }

    /// Enqueues a ``SourceSyncTask``; an on-demand check (no delay) goes ahead of scheduled ones.
    /// A check that is queued or running already is left alone (replacing a running one would
    /// take its lease away), unless a full re-index is asked of a plain check.
    public func enqueueSync(_ sourceID: Int64, mode: SyncMode, notBefore: Date?) async throws {
        let task = SourceSyncTask(sourceID: sourceID, mode: mode)
        if let existing = try await driver.entries(in: .sync).first(where: { $0.key == task.key }) {
            let queued = try? SourceSyncTask(entry: existing)
            guard mode == .full, queued?.mode != .full else { return }
        }
        try await driver.enqueue(task, priority: notBefore == nil ? EnqueueRequest.normalPriority + 1 : EnqueueRequest.normalPriority, notBefore: notBefore)
    }

    /// Removes the source's waiting checks.
    public func removeSync(_ sourceID: Int64) async throws {
        for mode in [SyncMode.check, .fast] {
            try await driver.remove(key: SourceSyncTask(sourceID: sourceID, mode: mode).key, from: .sync)
        }
    }
}
