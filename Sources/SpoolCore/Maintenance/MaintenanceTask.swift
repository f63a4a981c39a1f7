/// A piece of housekeeping Spool runs on its own schedule on the generic queue (`q:generic`):
/// the retention, the sweep of leftover work folders, and whatever a deployment registers
/// (SpoolApp's `SpoolMaintenance` lists them).
///
/// A task must be safe to run twice, and at the same time as another copy on another worker
/// (a dry run changes nothing). Its report says what it did, action by action, so the worker can
/// log each one.
public protocol MaintenanceTask: Sendable {
    /// The task's name: lowercase letters, digits and `-` (`retention`, `temp-sweep`). It names the
    /// queue entry (`maintenance:<name>`), so one run of a task waits at a time.
    var name: String { get }

    /// Does the work, or with `dryRun` only says what it would do.
    func run(dryRun: Bool) async throws -> MaintenanceReport
}
