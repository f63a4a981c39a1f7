import GRDB

extension SQLiteSchema {
    /// Webhook subscriptions (``NotificationColumns``), their delivery log (one delivery per
    /// subscription, event and type: the unique key the notifier's double scans stop at) and the
    /// notifier's cursor in the event log.
    static func createNotificationTables(_ db: Database) throws {
        try db.create(table: "webhook_subscriptions", options: [.strict]) { t in
            t.primaryKey("id", .text)
            t.column("url", .text).notNull()
            t.column("events", .text)                   // [String] as JSON; NULL: every event
            t.column("source_ids", .text)               // [Int64] as JSON; NULL: any source
            t.column("job_ids", .text)                  // [String] as JSON; NULL: any job
            t.column("secret", .text).notNull()
            t.column("enabled", .integer).notNull()
            t.column("disabled_reason", .text)
            t.column("description", .text)
            t.column("created_at", .real).notNull()
        }
        try db.create(table: "webhook_deliveries", options: [.strict]) { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("id", .text).notNull().unique()
            t.column("subscription_id", .text).notNull()
            t.column("event_id", .integer)
            t.column("event_type", .text).notNull()
            t.column("body", .text).notNull()
            t.column("state", .text).notNull()
            t.column("attempts", .integer).notNull()
            t.column("last_status", .integer)
            t.column("last_error", .text)
            t.column("last_attempt_at", .real)
            t.column("next_attempt_at", .real)
            t.column("created_at", .real).notNull()
            t.uniqueKey(["subscription_id", "event_id", "event_type"])
        }
        try db.create(index: "webhook_deliveries_by_subscription", on: "webhook_deliveries", columns: ["subscription_id", "seq"])
        try db.create(table: "notification_cursor", options: [.strict]) { t in
            t.primaryKey("name", .text)
            t.column("event_id", .integer).notNull()
        }
    }
}
