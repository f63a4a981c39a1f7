import GRDB

extension SQLiteSchema {
    /// The audit log (``SQLiteAuditStore``), read newest first and filtered by actor, action and
    /// time; and `users.disabled` (``User/disabled``), which user management brought with it.
    static func createAuditLog(_ db: Database) throws {
        try db.create(table: "audit_log", options: [.strict]) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("time", .real).notNull()
            t.column("actor_id", .integer)
            t.column("actor_name", .text).notNull()
            t.column("client_address", .text)
            t.column("action", .text).notNull()
            t.column("target_kind", .text)
            t.column("target_id", .text)
            t.column("outcome", .text).notNull()
            t.column("detail", .text)                   // JSON object
        }
        try db.create(index: "audit_log_by_time", on: "audit_log", columns: ["time"])
        try db.create(index: "audit_log_by_actor", on: "audit_log", columns: ["actor_name", "id"])
        try db.alter(table: "users") { t in
            t.add(column: "disabled", .integer).notNull().defaults(to: 0)
        }
    }
}
