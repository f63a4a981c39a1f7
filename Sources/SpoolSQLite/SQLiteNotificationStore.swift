import Foundation
import GRDB
import SpoolCore

/// The embedded ``NotificationStore``: webhook subscriptions, the delivery log and the notifier's
/// cursor in the SQLite database beside the jobs.
public struct SQLiteNotificationStore: NotificationStore {
    let database: SQLiteDatabase

    /// Creates a store over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    private static let subscriptionColumns = NotificationColumns.subscriptionSelection.joined(separator: ", ")
    private static let deliveryColumns = NotificationColumns.deliverySelection.joined(separator: ", ")

    /// Every subscription, oldest first.
    public func subscriptions() async throws -> [WebhookSubscription] {
        try await database.read("read webhooks") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.subscriptionColumns) FROM webhook_subscriptions ORDER BY created_at, id")
                .map { try NotificationColumns.subscription(from: SQLiteColumnReader(row: $0)) }
        }
    }

    /// The subscription with this id, or nil.
    public func subscription(_ id: String) async throws -> WebhookSubscription? {
        try await database.read("read webhook") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.subscriptionColumns) FROM webhook_subscriptions WHERE id = ?", arguments: [id])
                .map { try NotificationColumns.subscription(from: SQLiteColumnReader(row: $0)) }
        }
    }

    /// Inserts or replaces the subscription of `subscription.id`.
    public func saveSubscription(_ subscription: WebhookSubscription) async throws {
        let values = try NotificationColumns.values(of: subscription)
        try await database.write("save webhook") { db in
            try db.execute(sql: Self.insert("INSERT OR REPLACE", into: NotificationColumns.subscriptions, values), arguments: StatementArguments(values))
        }
    }

    /// Deletes a subscription and its deliveries; false when there was none.
    public func deleteSubscription(_ id: String) async throws -> Bool {
        try await database.write("delete webhook") { db in
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE subscription_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhook_subscriptions WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Stores a new delivery unless one of the same subscription and event exists.
    public func createDelivery(_ delivery: WebhookDelivery) async throws -> (delivery: WebhookDelivery, created: Bool) {
        let values = NotificationColumns.values(of: delivery)
        return try await database.write("create delivery") { db in
            try db.execute(sql: Self.insert("INSERT OR IGNORE", into: NotificationColumns.deliveries, values), arguments: StatementArguments(values))
            if db.changesCount > 0 { return (delivery, true) }
            let existing = try Row.fetchOne(
                db, sql: "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE subscription_id = ? AND event_id IS ? AND event_type = ?",
                arguments: [delivery.subscriptionID, delivery.eventID, delivery.eventType.rawValue]
            )
            guard let existing else { throw SpoolError(.conflict, "delivery \(delivery.id) exists already") }
            return (try NotificationColumns.delivery(from: SQLiteColumnReader(row: existing)), false)
        }
    }

    /// The delivery with this `webhook-id`, or nil.
    public func delivery(_ id: String) async throws -> WebhookDelivery? {
        try await database.read("read delivery") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE id = ?", arguments: [id])
                .map { try NotificationColumns.delivery(from: SQLiteColumnReader(row: $0)) }
        }
    }

    /// Replaces a stored delivery.
    public func updateDelivery(_ delivery: WebhookDelivery) async throws {
        let values = NotificationColumns.values(of: delivery).filter { $0.column != "id" }
        try await database.write("update delivery") { db in
            let assignments = values.map { "\($0.column) = ?" }.joined(separator: ", ")
            var arguments = try StatementArguments(values)
            arguments += [delivery.id]
            try db.execute(sql: "UPDATE webhook_deliveries SET \(assignments) WHERE id = ?", arguments: arguments)
        }
    }

    /// A channel's deliveries, newest first.
    public func deliveries(subscriptionID: String, limit: Int) async throws -> [WebhookDelivery] {
        try await database.read("read deliveries") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?",
                arguments: [subscriptionID, limit]
            ).map { try NotificationColumns.delivery(from: SQLiteColumnReader(row: $0)) }
        }
    }

    /// Deletes settled deliveries created before `date`.
    public func pruneDeliveries(before date: Date) async throws -> Int {
        try await database.write("prune deliveries") { db in
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE state != 'pending' AND created_at < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// The notifier's cursor, nil before its first scan.
    public func notificationCursor() async throws -> Int64? {
        try await database.read("read notification cursor") { db in
            try Int64.fetchOne(db, sql: "SELECT event_id FROM notification_cursor WHERE name = 'events'")
        }
    }

    /// Moves the cursor forward (never back).
    public func advanceNotificationCursor(to eventID: Int64) async throws {
        try await database.write("advance notification cursor") { db in
            try db.execute(
                sql: """
                INSERT INTO notification_cursor (name, event_id) VALUES ('events', ?)
                ON CONFLICT (name) DO UPDATE SET event_id = max(event_id, excluded.event_id)
                """,
                arguments: [eventID]
            )
        }
    }

    private static func insert(_ verb: String, into table: String, _ values: [(column: String, value: ColumnValue)]) -> String {
        "\(verb) INTO \(table) (\(values.map(\.column).joined(separator: ", "))) VALUES (\(values.map { _ in "?" }.joined(separator: ", ")))"
    }
}
