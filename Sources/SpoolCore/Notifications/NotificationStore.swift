import Foundation

/// Webhook subscriptions, the delivery log and the notifier's cursor in the event log (SQLite or
/// PostgreSQL); both pass `NotificationStoreConformance`.
public protocol NotificationStore: Sendable {
    /// Every subscription, oldest first.
    func subscriptions() async throws -> [WebhookSubscription]
    /// The subscription with this id, or nil.
    func subscription(_ id: String) async throws -> WebhookSubscription?
    /// Inserts or replaces the subscription of `subscription.id`.
    func saveSubscription(_ subscription: WebhookSubscription) async throws
    /// Deletes a subscription and its deliveries; false when there was none.
    func deleteSubscription(_ id: String) async throws -> Bool

    /// Stores a new delivery unless one of the same subscription, event and type
    /// exists; returns the
    /// stored one and whether it was created now. Deliveries without an event are always created.
    func createDelivery(_ delivery: WebhookDelivery) async throws -> (delivery: WebhookDelivery, created: Bool)
    /// The delivery with this `webhook-id`, or nil.
    func delivery(_ id: String) async throws -> WebhookDelivery?
    /// Replaces a stored delivery (after an attempt).
    func updateDelivery(_ delivery: WebhookDelivery) async throws
    /// A subscription's (or built-in channel's) deliveries, newest first.
    func deliveries(subscriptionID: String, limit: Int) async throws -> [WebhookDelivery]
    /// Deletes delivered and failed deliveries created before `date`; returns how many.
    func pruneDeliveries(before date: Date) async throws -> Int

    /// The id of the last event the notifier turned into deliveries; nil before its first scan.
    func notificationCursor() async throws -> Int64?
    /// Moves the cursor forward to `eventID` (never back).
    func advanceNotificationCursor(to eventID: Int64) async throws
}
