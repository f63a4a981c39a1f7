import Foundation

/// Keeps the audit log to its retention (AUDIT_RETENTION_DAYS): deletes older entries.
public struct AuditPruneTask: MaintenanceTask {
    /// `audit-log`.
    public let name = "audit-log"
    let store: any AuditStore
    let clock: any WallClock
    let keep: TimeInterval

    /// Creates the task keeping entries for `keep` seconds.
    public init(store: any AuditStore, clock: any WallClock, keep: TimeInterval) {
        self.store = store
        self.clock = clock
        self.keep = keep
    }

    /// Prunes (a dry run changes nothing and reports nothing).
    public func run(dryRun: Bool) async throws -> MaintenanceReport {
        guard !dryRun else { return MaintenanceReport(task: name, dryRun: true, actions: []) }
        let pruned = try await store.prune(before: clock.now.addingTimeInterval(-keep))
        let actions = pruned > 0
            ? [MaintenanceAction(message: "pruned \(pruned) old entries from the audit log", metadata: ["audit.entries": "\(pruned)"])]
            : []
        return MaintenanceReport(task: name, dryRun: false, actions: actions)
    }
}
