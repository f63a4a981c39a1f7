import Logging
import SpoolCore
import SpoolQueue

/// Runs the maintenance tasks claimed from `q:generic`: finds the task by name, runs it, and writes
/// each of its actions to the server log (info, with the action's metadata), then a summary.
public struct MaintenanceHandler: Sendable {
    /// The tasks this deployment has.
    public let catalog: MaintenanceCatalog
    let logger: Logger

    /// Creates the handler.
    public init(catalog: MaintenanceCatalog, logger: Logger) {
        self.catalog = catalog
        self.logger = logger
    }

    /// Handles one claimed entry and settles its lease. A failed run is logged and dropped: the
    /// schedule runs the task again.
    public func handle(_ lease: LeaseContext) async {
        guard let run = try? lease.task(as: MaintenanceRun.self), let task = catalog.task(named: run.task) else {
            logger.warning("dropping an unknown maintenance entry", metadata: ["queue.key": "\(lease.key)"])
            try? await lease.discard()
            return
        }
        do {
            let report = try await task.run(dryRun: false)
            Self.log(report, to: logger)
            try? await lease.complete()
        } catch is CancellationError {
            // Shutdown or a lost lease: the entry goes back to the queue.
            if !lease.isLost { try? await lease.release(delay: .zero) }
        } catch {
            logger.warning("maintenance task failed", metadata: [
                "maintenance.task": "\(task.name)", "error": "\((error as? SpoolError)?.message ?? "\(error)")",
            ])
            try? await lease.discard()
        }
    }

    /// Writes a report to `logger`: each action at info with its metadata, each error as a warning,
    /// and a summary (info when something happened, debug otherwise).
    public static func log(_ report: MaintenanceReport, to logger: Logger) {
        let task: Logger.Metadata = ["maintenance.task": "\(report.task)", "maintenance.dry_run": "\(report.dryRun)"]
        for action in report.actions {
            logger.info("\(action.message)", metadata: task.merging(action.metadata.mapValues { .string($0) }) { $1 })
        }
        for error in report.errors {
            logger.warning("\(report.task): \(error)", metadata: task)
        }
        let summary = task.merging(["maintenance.actions": "\(report.actions.count)", "file.bytes": "\(report.bytes)"]) { $1 }
        if report.actions.isEmpty && report.errors.isEmpty {
            logger.debug("\(report.summary)", metadata: summary)
        } else {
            logger.info("\(report.summary)", metadata: summary)
        }
    }
}
