import Foundation
import Logging
import PostgresNIO
import SpoolCore

/// The shared ``NotificationStore``: webhook subscriptions, the delivery log and the notifier's
/// cursor in PostgreSQL beside the jobs. Creating a delivery is one `INSERT … ON CONFLICT DO
/// NOTHING`, so gateways scanning the same events at once create each delivery once
/// (one per subscription, event and type).
public struct PostgresNotificationStore: NotificationStore {
    let database: PostgresDatabase

    /// Creates a store over a database whose pool is running and whose schema is migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    var logger: Logger { database.logger }

    private static let subscriptionColumns = NotificationColumns.subscriptionSelection.joined(separator: ", ")
    private static let deliveryColumns = NotificationColumns.deliverySelection.joined(separator: ", ")

    /// Every subscription, oldest first.
    public func subscriptions() async throws -> [WebhookSubscription] {
        try await database.read("read webhooks") { connection in
            try await connection.query("SELECT \(unescaped: Self.subscriptionColumns) FROM webhook_subscriptions ORDER BY created_at, id", logger: logger)
                .collect().map { try NotificationColumns.subscription(from: PostgresColumnReader($0)) }
        }
    }

    /// The subscription with this id, or nil.
    public func subscription(_ id: String) async throws -> WebhookSubscription? {
        try await database.read("read webhook") { connection in
            try await connection.query("SELECT \(unescaped: Self.subscriptionColumns) FROM webhook_subscriptions WHERE id = \(id)", logger: logger)
                .collect().first.map { try NotificationColumns.subscription(from: PostgresColumnReader($0)) }
        }
    }

    /// Inserts or replaces the subscription of `subscription.id`.
    public func saveSubscription(_ subscription: WebhookSubscription) async throws {
        let values = try NotificationColumns.values(of: subscription)
        let updates = values.filter { $0.column != "id" }.map { "\($0.column) = EXCLUDED.\($0.column)" }.joined(separator: ", ")
        let upsert = try PostgresColumns.insert(into: NotificationColumns.subscriptions, values, suffix: " ON CONFLICT (id) DO UPDATE SET \(updates)")
        try await database.transaction("save webhook") { connection in
            _ = try await connection.query(upsert, logger: logger).collect()
        }
    }

    /// Deletes a subscription and its deliveries; false when there was none.
    public func deleteSubscription(_ id: String) async throws -> Bool {
        try await database.transaction("delete webhook") { connection in
            _ = try await connection.query("DELETE FROM webhook_deliveries WHERE subscription_id = \(id)", logger: logger).collect()
            return !(try await connection.query("DELETE FROM webhook_subscriptions WHERE id = \(id) RETURNING id", logger: logger).collect().isEmpty)
        }
    }

    /// Stores a new delivery unless one of the same subscription and event exists.
    public func createDelivery(_ delivery: WebhookDelivery) async throws -> (delivery: WebhookDelivery, created: Bool) {
        let insert = try PostgresColumns.insert(into: NotificationColumns.deliveries, NotificationColumns.values(of: delivery), suffix: " ON CONFLICT DO NOTHING RETURNING id")
        return try await database.transaction("create delivery") { connection in
            if !(try await connection.query(insert, logger: logger).collect().isEmpty) { return (delivery, true) }
            let subscription = delivery.subscriptionID
            let type = delivery.eventType.rawValue
            guard let event = delivery.eventID, let row = try await connection.query(
                "SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE subscription_id = \(subscription) AND event_id = \(event) AND event_type = \(type)",
                logger: logger
            ).collect().first else {
                throw SpoolError(.conflict, "delivery \(delivery.id) exists already")
            }
            return (try NotificationColumns.delivery(from: PostgresColumnReader(row)), false)
        }
    }

    /// The delivery with this `webhook-id`, or nil.
    public func delivery(_ id: String) async throws -> WebhookDelivery? {
        try await database.read("read delivery") { connection in
            try await connection.query("SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE id = \(id)", logger: logger)
                .collect().first.map { try NotificationColumns.delivery(from: PostgresColumnReader($0)) }
        }
    }

    /// Replaces a stored delivery.
    public func updateDelivery(_ delivery: WebhookDelivery) async throws {
        let values = NotificationColumns.values(of: delivery).filter { $0.column != "id" }
        var bindings = PostgresBindings(capacity: values.count + 1)
        try bindings.append(values)
        try bindings.append(delivery.id)
        let assignments = values.enumerated().map { "\($1.column) = $\($0 + 1)" }.joined(separator: ", ")
        let update = PostgresQuery(unsafeSQL: "UPDATE webhook_deliveries SET \(assignments) WHERE id = $\(values.count + 1)", binds: bindings)
        try await database.transaction("update delivery") { connection in
            _ = try await connection.query(update, logger: logger).collect()
        }
    }

    /// A channel's deliveries, newest first.
    public func deliveries(subscriptionID: String, limit: Int) async throws -> [WebhookDelivery] {
        try await database.read("read deliveries") { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE subscription_id = \(subscriptionID) ORDER BY seq DESC LIMIT \(Int64(limit))",
                logger: logger
            ).collect().map { try NotificationColumns.delivery(from: PostgresColumnReader($0)) }
        }
    }

    /// Deletes settled deliveries created before `date`.
    public func pruneDeliveries(before date: Date) async throws -> Int {
        try await database.transaction("prune deliveries") { connection in
            try await connection.query(
                "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < \(date.timeIntervalSince1970) RETURNING id", logger: logger
            ).collect().count
        }
    }

    /// The notifier's cursor, nil before its first scan.
    public func notificationCursor() async throws -> Int64? {
        try await database.read("read notification cursor") { connection in
            try await connection.query("SELECT event_id FROM notification_cursor WHERE name = 'events'", logger: logger)
                .collect().first.map { try $0.decode(Int64.self) }
        }
    }

    /// Moves the cursor forward (never back).
    public func advanceNotificationCursor(to eventID: Int64) async throws {
        try await database.transaction("advance notification cursor") { connection in
            _ = try await connection.query(
                """
                INSERT INTO notification_cursor (name, event_id) VALUES ('events', \(eventID))
                ON CONFLICT (name) DO UPDATE SET event_id = GREATEST(notification_cursor.event_id, EXCLUDED.event_id)
                """,
                logger: logger
            ).collect()
        }
    }
}
