import Foundation
import SpoolCore
import SpoolQueue

/// A queued run of one maintenance task in `q:generic`. Its key `maintenance:<task>` names the
/// task, so however many schedulers (gateways) ask, one run of a task waits or runs at a time.
public struct MaintenanceRun: QueueTask, Hashable {
    /// `q:generic`.
    public static let queue = QueueName.generic
    /// The task's name (``MaintenanceTask/name``).
    public var task: String

    /// Creates a run of `task`.
    public init(task: String) {
        self.task = task
    }

    /// `maintenance:retention`.
    public var key: TaskKey { TaskKey("maintenance:\(task)") }

    /// Queues a run unless one of the task is queued or running already (replacing a running one
    /// would take its lease away); returns whether it queued one.
    @discardableResult
    public static func enqueue(_ task: String, on driver: any JobQueueDriver, notBefore: Date? = nil) async throws -> Bool {
        let run = MaintenanceRun(task: task)
        if try await driver.entries(in: queue).contains(where: { $0.key == run.key }) { return false }
        try await driver.enqueue(run, notBefore: notBefore)
        return true
    }
}
