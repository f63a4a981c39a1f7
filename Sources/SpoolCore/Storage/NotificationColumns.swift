import Foundation

/// How webhook subscriptions and deliveries map to the rows of `webhook_subscriptions` and
/// `webhook_deliveries` in every database backend: filters as JSON text (NULL for "any"),
/// booleans as 0/1, dates as unix seconds.
public enum NotificationColumns {
    /// The subscriptions' table.
    public static let subscriptions = "webhook_subscriptions"
    /// The deliveries' table.
    public static let deliveries = "webhook_deliveries"
    /// The notifier's cursor (one row per name).
    public static let cursor = "notification_cursor"

    /// The columns a subscription is read from, in `SELECT` order.
    public static let subscriptionSelection = [
        "id", "url", "events", "source_ids", "job_ids", "secret", "enabled", "disabled_reason", "description", "created_at",
    ]

    /// The columns a delivery is read from, in `SELECT` order.
    public static let deliverySelection = [
        "id", "subscription_id", "event_id", "event_type", "body", "state", "attempts", "last_status", "last_error", "last_attempt_at",
        "next_attempt_at", "created_at",
    ]

    /// Every stored column of a subscription with its value.
    public static func values(of subscription: WebhookSubscription) throws -> [(column: String, value: ColumnValue)] {
        [
            ("id", .text(subscription.id)),
            ("url", .text(subscription.url)),
            ("events", .text(try subscription.events.map { try StoredJSON.encode($0.map(\.rawValue).sorted()) })),
            ("source_ids", .text(try subscription.sourceIDs.map { try StoredJSON.encode($0) })),
            ("job_ids", .text(try subscription.jobIDs.map { try StoredJSON.encode($0.map(\.rawValue)) })),
            ("secret", .text(subscription.secret)),
            ("enabled", .integer(subscription.enabled ? 1 : 0)),
            ("disabled_reason", .text(subscription.disabledReason)),
            ("description", .text(subscription.description)),
            ("created_at", .real(subscription.createdAt.timeIntervalSince1970)),
        ]
    }

    /// Every stored column of a delivery with its value.
    public static func values(of delivery: WebhookDelivery) -> [(column: String, value: ColumnValue)] {
        [
            ("id", .text(delivery.id)),
            ("subscription_id", .text(delivery.subscriptionID)),
            ("event_id", .integer(delivery.eventID)),
            ("event_type", .text(delivery.eventType.rawValue)),
            ("body", .text(delivery.body)),
            ("state", .text(delivery.state.rawValue)),
            ("attempts", .integer(Int64(delivery.attempts))),
            ("last_status", .integer(delivery.lastStatus.map(Int64.init))),
            ("last_error", .text(delivery.lastError)),
            ("last_attempt_at", .real(delivery.lastAttemptAt?.timeIntervalSince1970)),
            ("next_attempt_at", .real(delivery.nextAttemptAt?.timeIntervalSince1970)),
            ("created_at", .real(delivery.createdAt.timeIntervalSince1970)),
        ]
    }

    /// Decodes a subscription row.
    ///
    /// - Throws: ``CorruptRow`` for unreadable filters or missing values.
    public static func subscription(from row: some ColumnReader) throws -> WebhookSubscription {
        let table = subscriptions
        let id = try row.required(row.text("id"), "id", table: table, row: "a webhook")
        let name = "webhook \(id)"
        let events: Set<NotificationEventType>? = try row.text("events") == nil ? nil
            : Set(try StoredJSON.decode([String].self, "events", of: row, table: table, row: name).compactMap(NotificationEventType.init))
        let sources: [Int64]? = try row.text("source_ids") == nil ? nil : try StoredJSON.decode([Int64].self, "source_ids", of: row, table: table, row: name)
        let jobs: [JobID]? = try row.text("job_ids") == nil ? nil
            : try StoredJSON.decode([String].self, "job_ids", of: row, table: table, row: name).map { JobID(rawValue: $0) }
        return WebhookSubscription(
            id: id,
            url: try row.required(row.text("url"), "url", table: table, row: name),
            events: events, sourceIDs: sources, jobIDs: jobs,
            secret: try row.required(row.text("secret"), "secret", table: table, row: name),
            enabled: try row.required(row.integer("enabled"), "enabled", table: table, row: name) != 0,
            disabledReason: try row.text("disabled_reason"),
            description: try row.text("description"),
            createdAt: Date(timeIntervalSince1970: try row.required(row.real("created_at"), "created_at", table: table, row: name))
        )
    }

    /// Decodes a delivery row.
    ///
    /// - Throws: ``CorruptRow`` for unknown types or states and missing values.
    public static func delivery(from row: some ColumnReader) throws -> WebhookDelivery {
        let table = deliveries
        let id = try row.required(row.text("id"), "id", table: table, row: "a delivery")
        let name = "delivery \(id)"
        return WebhookDelivery(
            id: id,
            subscriptionID: try row.required(row.text("subscription_id"), "subscription_id", table: table, row: name),
            eventID: try row.integer("event_id"),
            eventType: try row.required(row.parse(NotificationEventType.self, "event_type", table: table, row: name), "event_type", table: table, row: name),
            body: try row.required(row.text("body"), "body", table: table, row: name),
            state: try row.required(row.parse(WebhookDelivery.State.self, "state", table: table, row: name), "state", table: table, row: name),
            attempts: Int(try row.required(row.integer("attempts"), "attempts", table: table, row: name)),
            lastStatus: try row.integer("last_status").map(Int.init),
            lastError: try row.text("last_error"),
            lastAttemptAt: try row.real("last_attempt_at").map(Date.init(timeIntervalSince1970:)),
            nextAttemptAt: try row.real("next_attempt_at").map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: try row.required(row.real("created_at"), "created_at", table: table, row: name))
        )
    }
}
