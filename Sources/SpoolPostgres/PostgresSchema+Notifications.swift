extension PostgresSchema {
    /// Webhook subscriptions (``NotificationColumns``), their delivery log (one delivery per
    /// subscription, event and type: the unique key the notifier's double scans stop at) and the
    /// notifier's cursor in the event log.
    static let notifications = [
        """
        CREATE TABLE webhook_subscriptions (
            id text COLLATE "C" PRIMARY KEY,
            url text NOT NULL,
            events text,
            source_ids text,
            job_ids text,
            secret text NOT NULL,
            enabled bigint NOT NULL,
            disabled_reason text,
            description text,
            created_at double precision NOT NULL
        )
        """,
        """
        CREATE TABLE webhook_deliveries (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text COLLATE "C" NOT NULL UNIQUE,
            subscription_id text COLLATE "C" NOT NULL,
            event_id bigint,
            event_type text NOT NULL,
            body text NOT NULL,
            state text NOT NULL,
            attempts bigint NOT NULL,
            last_status bigint,
            last_error text,
            last_attempt_at double precision,
            next_attempt_at double precision,
            created_at double precision NOT NULL,
            UNIQUE (subscription_id, event_id, event_type)
        )
        """,
        "CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, seq)",
        """
        CREATE TABLE notification_cursor (
            name text COLLATE "C" PRIMARY KEY,
            event_id bigint NOT NULL
        )
        """,
    ]
}
