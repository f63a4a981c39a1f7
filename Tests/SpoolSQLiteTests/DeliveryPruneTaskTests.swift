import Foundation
import SpoolCore
import SpoolSQLite
import Testing

@Suite("Delivery log pruning")
struct DeliveryPruneTaskTests {
    @Test("old settled deliveries go, pending ones stay; job webhooks go once their jobs are gone and nothing waits")
    func prunes() async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        let jobs = SQLiteJobStore(database: database)
        let notifications = SQLiteNotificationStore(database: database)
        let now = Date()
        let (job, _) = try await jobs.insert(Job(options: JobOptions(url: "https://video.example/1"), now: now), events: [])
        let live = WebhookSubscription(url: "http://127.0.0.1:1/a", jobIDs: [job.id], createdAt: now)
        let gone = WebhookSubscription(url: "http://127.0.0.1:1/b", jobIDs: [JobID("gone-1")], createdAt: now)
        let waiting = WebhookSubscription(url: "http://127.0.0.1:1/c", jobIDs: [JobID("gone-2")], createdAt: now)
        let global = WebhookSubscription(url: "http://127.0.0.1:1/d", createdAt: now)
        for subscription in [live, gone, waiting, global] { try await notifications.saveSubscription(subscription) }
        let old = now.addingTimeInterval(-40 * 86_400)
        var settled = WebhookDelivery(subscriptionID: global.id, eventID: 1, eventType: .jobAdded, body: "{}", createdAt: old)
        settled.state = .delivered
        _ = try await notifications.createDelivery(settled)
        let recent = try await notifications.createDelivery(WebhookDelivery(subscriptionID: global.id, eventID: 2, eventType: .jobAdded, body: "{}", state: .failed, createdAt: now)).delivery
        let oldPending = try await notifications.createDelivery(WebhookDelivery(subscriptionID: waiting.id, eventID: 3, eventType: .jobRemoved, body: "{}", createdAt: old)).delivery
        let task = DeliveryPruneTask(store: notifications, jobs: jobs, clock: SystemWallClock(), keep: 30 * 86_400)

        let plan = try await task.run(dryRun: true)
        #expect(plan.actions.map { $0.metadata["webhook.id"] } == [gone.id])
        #expect(try await notifications.subscriptions().count == 4, "a dry run changes nothing")

        let report = try await task.run(dryRun: false)
        #expect(report.actions.count == 2)
        #expect(Set(try await notifications.subscriptions().map(\.id)) == Set([live, waiting, global].map(\.id)))
        #expect(try await notifications.deliveries(subscriptionID: global.id, limit: 10).map(\.id) == [recent.id])
        #expect(try await notifications.deliveries(subscriptionID: waiting.id, limit: 10).map(\.id) == [oldPending.id])
    }
}
