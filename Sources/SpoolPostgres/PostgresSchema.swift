import Foundation
import PostgresNIO
import SpoolCore

/// The shared database's schema, as an ordered list of migrations.
///
/// Dates are `double precision` unix seconds and JSON is `text`, as in the embedded database, so
/// both backends return exactly what they were given. Text compared by the store (ids, states,
/// sort keys) uses the `"C"` collation: byte order, whatever the database's locale.
enum PostgresSchema {
    /// One named step; never edit a shipped migration: append a new one.
    struct Migration: Sendable {
        /// Stable name, recorded in `spool_migrations`.
        let name: String
        /// Statements run in order, in the migrating transaction.
        let statements: [String]
    }

    /// Key of the transaction-scoped advisory lock taken while migrating, so that processes
    /// starting together migrate one after the other (the later ones find nothing to do).
    static let migrationLock: Int64 = 0x5350_4F4F_4C00_0001

    /// Every migration, oldest first.
    static let migrations: [Migration] = [
        Migration(name: "v1-jobs", statements: jobs),
        Migration(name: "v1-auth", statements: auth),
        Migration(name: "v4-sources", statements: sources),
        Migration(name: "v5-processing", statements: processing),
        Migration(name: "v6-job-numbers", statements: jobNumbers),
        Migration(name: "v7-batches", statements: batches),
        Migration(name: "v8-notifications", statements: notifications),
        Migration(name: "v9-job-owners", statements: jobOwners),
        Migration(name: "v10-audit-log", statements: auditLog),
    ]

    /// `jobs.owner_id` (``Job/ownerID``): the user who added the job. Existing jobs keep none
    /// (they belong to no one, and every user sees them).
    private static let jobOwners = [
        "ALTER TABLE jobs ADD COLUMN owner_id bigint",
        "CREATE INDEX jobs_by_owner ON jobs (owner_id)",
    ]

    /// Batches of jobs added together (``BatchColumns``), listed newest first.
    private static let batches = [
        """
        CREATE TABLE batches (
            id text COLLATE "C" PRIMARY KEY,
            name text,
            job_ids text NOT NULL,
            notification_webhook text,
            created_at double precision NOT NULL
        )
        """,
        "CREATE INDEX batches_by_created_at ON batches (created_at)",
    ]

    /// `jobs.number` (``Job/number``, unique), taken from the sequence `job_numbers` at insert, so
    /// a deleted job's number is never given again. Existing jobs are numbered 1, 2, 3, … in
    /// creation order.
    private static let jobNumbers = [
        "ALTER TABLE jobs ADD COLUMN number bigint",
        """
        UPDATE jobs SET number = ordered.n
        FROM (SELECT id, row_number() OVER (ORDER BY created_at, seq) AS n FROM jobs) AS ordered
        WHERE ordered.id = jobs.id
        """,
        "CREATE UNIQUE INDEX jobs_by_number ON jobs (number)",
        "CREATE SEQUENCE job_numbers AS bigint MINVALUE 1",
        "SELECT setval('job_numbers', COALESCE((SELECT MAX(number) FROM jobs), 0) + 1, false)",
    ]

    /// Processing profiles by name (``ProcessingProfileColumns``; byte-ordered names as in
    /// SQLite), and on `jobs` what the PROCESSING stage reported (ProcessingReport as JSON) and
    /// its encode's fps and speed.
    private static let processing = [
        """
        CREATE TABLE processing_profiles (
            name text COLLATE "C" PRIMARY KEY,
            settings text NOT NULL,
            updated_at double precision NOT NULL
        )
        """,
        "ALTER TABLE jobs ADD COLUMN processing_report text",
        "ALTER TABLE jobs ADD COLUMN progress_fps double precision",
        "ALTER TABLE jobs ADD COLUMN progress_speed_factor double precision",
    ]

    private static let jobs = [
        """
        CREATE TABLE jobs (
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            id text COLLATE "C" PRIMARY KEY,
            url text NOT NULL,
            state text COLLATE "C" NOT NULL,
            paused_from text,
            priority bigint NOT NULL,
            tags text[] NOT NULL,
            options text NOT NULL,
            title text,
            title_key text COLLATE "C" NOT NULL,
            search_text text NOT NULL,
            progress_stage text,
            progress_percent double precision,
            progress_downloaded_bytes bigint,
            progress_total_bytes bigint,
            progress_speed double precision,
            progress_eta double precision,
            attempts bigint NOT NULL,
            failure_code text,
            failure_message text,
            failure_stage text,
            output_path text,
            finished_stages text NOT NULL,
            artifacts text NOT NULL DEFAULT '[]',
            queue_position bigint NOT NULL,
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL,
            started_at double precision,
            finished_at double precision
        )
        """,
        // Each list sort is served by an index ending with the insertion order `seq`, the tie-breaker.
        "CREATE INDEX jobs_by_queue_order ON jobs (priority DESC, queue_position, seq)",
        "CREATE INDEX jobs_by_state ON jobs (state, priority DESC, queue_position, seq)",
        "CREATE INDEX jobs_by_queue_position ON jobs (queue_position)",
        "CREATE INDEX jobs_by_created_at ON jobs (created_at, seq)",
        "CREATE INDEX jobs_by_updated_at ON jobs (updated_at, seq)",
        "CREATE INDEX jobs_by_title_key ON jobs (title_key, seq)",
        "CREATE INDEX jobs_by_progress ON jobs (progress_percent NULLS FIRST, seq)",
        "CREATE INDEX jobs_by_tags ON jobs USING gin (tags)",
        """
        CREATE TABLE media (
            job_id text COLLATE "C" PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
            title text,
            uploader text,
            duration double precision,
            width bigint,
            height bigint,
            filesize bigint,
            extractor text,
            source_id text,
            webpage_url text,
            thumbnail_url text,
            path text,
            relative_path text,
            container text,
            video_codec text,
            audio_codec text,
            updated_at double precision NOT NULL
        )
        """,
        // Ids from the sequence behind bigserial: never reused. No foreign key on job_id: a
        // job_removed event outlives its job.
        """
        CREATE TABLE job_events (
            id bigserial PRIMARY KEY,
            job_id text COLLATE "C",
            type text COLLATE "C" NOT NULL,
            timestamp double precision NOT NULL,
            level bigint,
            payload text NOT NULL
        )
        """,
        "CREATE INDEX job_events_by_job ON job_events (job_id, id)",
    ]

    /// Followed sources, their download profiles and the videos each source listed
    /// (``SourceColumns``, ``ProfileColumns``, ``SourceItemColumns``; flags are 0/1 `bigint`s as in
    /// SQLite). A profile in use cannot be deleted; deleting a source deletes its items. An item's
    /// `job_id` has no foreign key: jobs are deleted on their own, and the item then reads as removed.
    private static let sources = [
        """
        CREATE TABLE profiles (
            id bigserial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            settings text NOT NULL
        )
        """,
        """
        CREATE TABLE sources (
            id bigserial PRIMARY KEY,
            name text NOT NULL,
            url text NOT NULL UNIQUE,
            enabled bigint NOT NULL,
            tabs text NOT NULL,
            schedule text NOT NULL,
            feed_url text,
            profile_id bigint REFERENCES profiles (id),
            filters text NOT NULL,
            retention text NOT NULL,
            layout text NOT NULL,
            backlog text NOT NULL,
            created_at double precision NOT NULL,
            next_check_at double precision,
            status text NOT NULL
        )
        """,
        "CREATE INDEX sources_by_profile ON sources (profile_id)",
        "CREATE INDEX sources_by_next_check_at ON sources (next_check_at)",
        """
        CREATE TABLE source_items (
            source_id bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            media_id text COLLATE "C" NOT NULL,
            extractor text COLLATE "C" NOT NULL,
            url text NOT NULL,
            title text,
            published_at double precision,
            duration double precision,
            live_status text,
            availability text,
            tab text NOT NULL,
            is_short bigint NOT NULL,
            status text COLLATE "C" NOT NULL,
            reason text,
            job_id text COLLATE "C",
            keep bigint NOT NULL,
            position bigint NOT NULL,
            listed_at double precision NOT NULL,
            retry_at double precision,
            PRIMARY KEY (source_id, media_id)
        )
        """,
        // Pages in listing order; the same video in other sources (archivedElsewhere).
        "CREATE INDEX source_items_by_position ON source_items (source_id, position, media_id)",
        "CREATE INDEX source_items_by_media ON source_items (extractor, media_id)",
    ]

    private static let auth = [
        """
        CREATE TABLE users (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            username text NOT NULL UNIQUE,
            password_hash text NOT NULL,
            role text NOT NULL,
            created_at double precision NOT NULL
        )
        """,
        """
        CREATE TABLE api_tokens (
            id text COLLATE "C" PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            name text NOT NULL,
            kind text NOT NULL,
            secret_hash text NOT NULL UNIQUE,
            created_at double precision NOT NULL,
            expires_at double precision,
            last_used_at double precision
        )
        """,
        "CREATE INDEX api_tokens_by_user ON api_tokens (user_id)",
    ]
}

extension PostgresDatabase {
    /// Applies pending migrations in one transaction and returns the names it applied (empty when
    /// the schema was current). Safe to call from many processes at once: an advisory lock makes
    /// them take turns, so each migration runs once.
    ///
    /// - Throws: `SpoolError(.storage)` when the database is unreachable or was migrated by a
    ///   newer Spool.
    @discardableResult
    public func migrate() async throws -> [String] {
        let applied = try await transaction("migrate the database") { connection in
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger).collect()
            _ = try await connection.query(
                "CREATE TABLE IF NOT EXISTS spool_migrations (name text PRIMARY KEY, applied_at double precision NOT NULL)",
                logger: logger
            ).collect()
            let done = Set(try await Self.appliedMigrations(connection, logger: logger))
            let known = Set(PostgresSchema.migrations.map(\.name))
            guard done.isSubset(of: known) else {
                throw SpoolError(.storage, "the database was written by a newer version of Spool; upgrade Spool to use it")
            }
            var applied: [String] = []
            for migration in PostgresSchema.migrations where !done.contains(migration.name) {
                for statement in migration.statements {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
                _ = try await connection.query(
                    "INSERT INTO spool_migrations (name, applied_at) VALUES (\(migration.name), \(Date().timeIntervalSince1970))",
                    logger: logger
                ).collect()
                applied.append(migration.name)
            }
            return applied
        }
        if !applied.isEmpty {
            logger.info("migrated database", metadata: ["db.migrations": "\(applied.joined(separator: ","))"])
        }
        return applied
    }

    /// Names of the migrations applied to this database, oldest first (empty before the first
    /// ``migrate()``).
    public func appliedMigrations() async throws -> [String] {
        try await read("read the schema version") { connection in
            let exists = try await connection.query("SELECT to_regclass('spool_migrations') IS NOT NULL", logger: logger).collect()
            guard try exists.first?.decode(Bool.self) == true else { return [] }
            return try await Self.appliedMigrations(connection, logger: logger)
        }
    }

    private static func appliedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let names = try await connection.query("SELECT name FROM spool_migrations", logger: logger)
            .collect()
            .map { try $0.decode(String.self) }
        let order = PostgresSchema.migrations.map(\.name)
        return names.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
    }
}
