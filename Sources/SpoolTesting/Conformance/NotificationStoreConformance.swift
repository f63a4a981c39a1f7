import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``NotificationStore`` passes: subscriptions with every field and
/// filter read back as saved, replaced by id and deleted with their deliveries; one delivery per
/// subscription and event (also when many creations race), deliveries updated, listed newest
/// first and pruned when settled; and a cursor that only moves forward.
///
/// The factory must return an empty store for each call.
public enum NotificationStoreConformance {
    /// Makes an empty store for one check.
    public typealias Factory = @Sendable () async throws -> any NotificationStore

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("storesEveryFieldOfASubscription", storesEveryFieldOfASubscription),
        .init("saveReplacesAndDeleteRemovesWithDeliveries", saveReplacesAndDeleteRemovesWithDeliveries),
        .init("oneDeliveryPerSubscriptionAndEvent", oneDeliveryPerSubscriptionAndEvent),
        .init("concurrentCreationsMakeOneDelivery", concurrentCreationsMakeOneDelivery),
        .init("deliveriesAreUpdatedListedAndPruned", deliveriesAreUpdatedListedAndPruned),
        .init("cursorOnlyMovesForward", cursorOnlyMovesForward),
    ]

    static let created = Date(timeIntervalSince1970: 1_800_000_000.25)

    /// A subscription with every filter, and one with none, read back exactly; unknown ids are nil.
    public static func storesEveryFieldOfASubscription(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let full = WebhookSubscription(
            url: "https://hooks.example/spool?x=1", events: [.jobCompleted, .sourceNewMedia], sourceIDs: [3, 1], jobIDs: [JobID("j-1"), JobID("j-2")],
            enabled: false, disabledReason: "the endpoint answered 410 Gone", description: "Home Assistant", createdAt: created
        )
        let plain = WebhookSubscription(url: "http://127.0.0.1:9/h", createdAt: created.addingTimeInterval(1))
        try await store.saveSubscription(full)
        try await store.saveSubscription(plain)
        #expect(try await store.subscription(full.id) == full)
        #expect(try await store.subscription(plain.id) == plain)
        #expect(try await store.subscriptions() == [full, plain])
        #expect(try await store.subscription("wh_missing") == nil)
    }

    /// Saving under a stored id replaces it; deleting removes it and its delivery log only.
    public static func saveReplacesAndDeleteRemovesWithDeliveries(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        var first = WebhookSubscription(url: "http://127.0.0.1:1/a", events: [.jobAdded], createdAt: created)
        let second = WebhookSubscription(url: "http://127.0.0.1:1/b", createdAt: created.addingTimeInterval(5))
        try await store.saveSubscription(first)
        try await store.saveSubscription(second)
        first.events = nil
        first.enabled = false
        first.disabledReason = "disabled by a user"
        try await store.saveSubscription(first)
        #expect(try await store.subscriptions() == [first, second])
        _ = try await store.createDelivery(delivery(first.id, event: 1))
        let kept = try await store.createDelivery(delivery(second.id, event: 1)).delivery
        #expect(try await store.deleteSubscription(first.id))
        #expect(try await store.deleteSubscription(first.id) == false)
        #expect(try await store.subscriptions() == [second])
        #expect(try await store.deliveries(subscriptionID: first.id, limit: 10).isEmpty)
        #expect(try await store.deliveries(subscriptionID: second.id, limit: 10) == [kept])
    }

    /// A second delivery for the same subscription, event and type returns the first, untouched; test
    /// deliveries (no event) are all kept.
    public static func oneDeliveryPerSubscriptionAndEvent(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let first = try await store.createDelivery(delivery("wh_a", event: 7))
        #expect(first.created)
        let again = try await store.createDelivery(delivery("wh_a", event: 7))
        #expect(!again.created)
        #expect(again.delivery == first.delivery)
        #expect(try await store.createDelivery(delivery("wh_b", event: 7)).created)
        var other = delivery("wh_a", event: 7)
        other.eventType = .storageUploaded
        #expect(try await store.createDelivery(other).created, "one event may stand for two types")
        #expect(try await store.createDelivery(other).created == false)
        #expect(try await store.createDelivery(delivery("wh_a", event: nil)).created)
        #expect(try await store.createDelivery(delivery("wh_a", event: nil)).created)
        #expect(try await store.deliveries(subscriptionID: "wh_a", limit: 10).count == 4)
    }

    /// Many creations of one delivery at once create it once.
    public static func concurrentCreationsMakeOneDelivery(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { try await store.createDelivery(delivery("wh_race", event: 42)).created }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try await store.deliveries(subscriptionID: "wh_race", limit: 10).count == 1)
    }

    /// An update is read back; lists are newest first and limited; pruning removes settled
    /// deliveries older than the date and keeps pending ones.
    public static func deliveriesAreUpdatedListedAndPruned(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        var old = try await store.createDelivery(delivery("wh_l", event: 1, at: created)).delivery
        let pending = try await store.createDelivery(delivery("wh_l", event: 2, at: created)).delivery
        let recent = try await store.createDelivery(delivery("wh_l", event: 3, at: created.addingTimeInterval(3_600))).delivery
        old.state = .delivered
        old.attempts = 3
        old.lastStatus = 204
        old.lastError = nil
        old.lastAttemptAt = created.addingTimeInterval(10.5)
        old.nextAttemptAt = nil
        try await store.updateDelivery(old)
        var waiting = pending
        waiting.attempts = 1
        waiting.lastStatus = 500
        waiting.lastError = "HTTP 500"
        waiting.nextAttemptAt = created.addingTimeInterval(5)
        try await store.updateDelivery(waiting)
        #expect(try await store.delivery(old.id) == old)
        #expect(try await store.delivery(waiting.id) == waiting)
        #expect(try await store.delivery("msg_missing") == nil)
        #expect(try await store.deliveries(subscriptionID: "wh_l", limit: 10) == [recent, waiting, old])
        #expect(try await store.deliveries(subscriptionID: "wh_l", limit: 2) == [recent, waiting])
        #expect(try await store.pruneDeliveries(before: created.addingTimeInterval(60)) == 1)
        #expect(try await store.deliveries(subscriptionID: "wh_l", limit: 10) == [recent, waiting])
    }

    /// The cursor starts unset, moves forward and never back.
    public static func cursorOnlyMovesForward(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        #expect(try await store.notificationCursor() == nil)
        try await store.advanceNotificationCursor(to: 10)
        #expect(try await store.notificationCursor() == 10)
        try await store.advanceNotificationCursor(to: 4)
        #expect(try await store.notificationCursor() == 10)
        try await store.advanceNotificationCursor(to: 25)
        #expect(try await store.notificationCursor() == 25)
    }

    static func delivery(_ subscription: String, event: Int64?, at time: Date = created) -> WebhookDelivery {
        WebhookDelivery(
            subscriptionID: subscription, eventID: event, eventType: .jobCompleted, body: #"{"data":{"id":"x"},"type":"job.completed"}"#, createdAt: time
        )
    }
}
