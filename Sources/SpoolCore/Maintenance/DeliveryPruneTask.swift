import Foundation

/// Deletes settled webhook, script and Apprise deliveries older than the retention
/// (WEBHOOK_DELIVERY_RETENTION) from the delivery log; pending ones stay until they settle.
public struct DeliveryPruneTask: MaintenanceTask {
    /// `webhook-deliveries`.
    public let name = "webhook-deliveries"
    let store: any NotificationStore
    let clock: any WallClock
    let keep: TimeInterval

    /// Creates the task keeping deliveries for `keep` seconds.
    public init(store: any NotificationStore, clock: any WallClock, keep: TimeInterval) {
        self.store = store
        self.clock = clock
        self.keep = keep
    }

    /// Prunes (a dry run reports nothing: the count is known only by deleting).
    public func run(dryRun: Bool) async throws -> MaintenanceReport {
        guard !dryRun else { return MaintenanceReport(task: name, dryRun: true) }
        let pruned = try await store.pruneDeliveries(before: clock.now.addingTimeInterval(-keep))
        let actions = pruned == 0 ? [] : [MaintenanceAction(message: "pruned \(pruned) old deliveries from the delivery log", metadata: ["webhook.deliveries": "\(pruned)"])]
        return MaintenanceReport(task: name, dryRun: false, actions: actions)
    }
}
