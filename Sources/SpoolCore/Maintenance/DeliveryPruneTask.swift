import Foundation

/// Keeps the notification tables small: deletes settled webhook, script and Apprise deliveries
/// older than the retention (WEBHOOK_DELIVERY_RETENTION; pending ones stay until they settle), and
/// the job-scoped subscriptions (`notificationWebhook`) whose jobs are all gone and that have
/// nothing left to deliver.
public struct DeliveryPruneTask: MaintenanceTask {
    /// `webhook-deliveries`.
    public let name = "webhook-deliveries"
    let store: any NotificationStore
    let jobs: any JobStore
    let clock: any WallClock
    let keep: TimeInterval

    /// Creates the task keeping deliveries for `keep` seconds.
    public init(store: any NotificationStore, jobs: any JobStore, clock: any WallClock, keep: TimeInterval) {
        self.store = store
        self.jobs = jobs
        self.clock = clock
        self.keep = keep
    }

    /// Prunes; a dry run lists the job-scoped subscriptions it would delete.
    public func run(dryRun: Bool) async throws -> MaintenanceReport {
        var actions: [MaintenanceAction] = []
        for subscription in try await store.subscriptions() {
            guard let ids = subscription.jobIDs, try await allGone(ids) else { continue }
            let pending = try await store.deliveries(subscriptionID: subscription.id, limit: 100).contains { $0.state == .pending }
            guard !pending else { continue }
            if !dryRun { _ = try await store.deleteSubscription(subscription.id) }
            actions.append(MaintenanceAction(
                message: "deleted the webhook \(subscription.id) of jobs that are gone", metadata: ["webhook.id": subscription.id]
            ))
        }
        if !dryRun {
            let pruned = try await store.pruneDeliveries(before: clock.now.addingTimeInterval(-keep))
            if pruned > 0 {
                actions.append(MaintenanceAction(message: "pruned \(pruned) old deliveries from the delivery log", metadata: ["webhook.deliveries": "\(pruned)"]))
            }
        }
        return MaintenanceReport(task: name, dryRun: dryRun, actions: actions)
    }

    private func allGone(_ ids: [JobID]) async throws -> Bool {
        for id in ids where try await jobs.job(id) != nil { return false }
        return true
    }
}
