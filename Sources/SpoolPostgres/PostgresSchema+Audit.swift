extension PostgresSchema {
    /// The audit log (``PostgresAuditStore``), read newest first and filtered by actor, action and
    /// time; and `users.disabled` (``User/disabled``), which user management brought with it.
    static let auditLog = [
        """
        CREATE TABLE audit_log (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            time double precision NOT NULL,
            actor_id bigint,
            actor_name text COLLATE "C" NOT NULL,
            client_address text,
            action text COLLATE "C" NOT NULL,
            target_kind text,
            target_id text,
            outcome text NOT NULL,
            detail text
        )
        """,
        "CREATE INDEX audit_log_by_time ON audit_log (time)",
        "CREATE INDEX audit_log_by_actor ON audit_log (actor_name, id)",
        "ALTER TABLE users ADD COLUMN disabled bigint NOT NULL DEFAULT 0",
    ]
}
