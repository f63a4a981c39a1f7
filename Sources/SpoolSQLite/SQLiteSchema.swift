import GRDB

/// The embedded database's schema, as an ordered list of migrations.
///
/// Tables are STRICT; dates are REAL unix seconds; JSON is stored as TEXT.
enum SQLiteSchema {
    /// Every migration, oldest first. Never edit a shipped migration: append a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-jobs", migrate: createJobTables)
        migrator.registerMigration("v1-auth", migrate: createAuthTables)
        migrator.registerMigration("v1-queue", migrate: createQueueTables)
        migrator.registerMigration("v2-artifacts", migrate: addArtifacts)
        migrator.registerMigration("v3-queue-payload", migrate: addQueuePayload)
        migrator.registerMigration("v4-sources", migrate: createSourceTables)
        migrator.registerMigration("v5-processing", migrate: addProcessing)
        migrator.registerMigration("v6-job-numbers", migrate: addJobNumbers)
        migrator.registerMigration("v7-batches", migrate: createBatchTable)
        migrator.registerMigration("v8-notifications", migrate: createNotificationTables)
        migrator.registerMigration("v9-job-owners", migrate: addJobOwners)
        migrator.registerMigration("v10-audit-log", migrate: createAuditLog)
        return migrator
    }

    /// Batches of jobs added together (``BatchColumns``), listed newest first.
    private static func createBatchTable(_ db: Database) throws {
        try db.create(table: "batches", options: [.strict]) { t in
            t.primaryKey("id", .text)
            t.column("name", .text)
            t.column("job_ids", .text).notNull()        // JSON array of job ids, in episode order
            t.column("notification_webhook", .text)
            t.column("created_at", .real).notNull()
        }
        try db.create(index: "batches_by_created_at", on: "batches", columns: ["created_at"])
    }

    /// `jobs.number` (``Job/number``, unique) and the one-row `job_numbers` table holding the last
    /// number given, so a deleted job's number is never given again. Existing jobs are numbered
    /// 1, 2, 3, … in creation order.
    private static func addJobNumbers(_ db: Database) throws {
        try db.alter(table: "jobs") { t in
            t.add(column: "number", .integer)
        }
        try db.execute(sql: """
            UPDATE jobs SET number = (
                SELECT ordered.n FROM (SELECT id, row_number() OVER (ORDER BY created_at, rowid) AS n FROM jobs) AS ordered
                WHERE ordered.id = jobs.id
            )
            """)
        try db.create(index: "jobs_by_number", on: "jobs", columns: ["number"], options: .unique)
        try db.create(table: "job_numbers", options: [.strict]) { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("last", .integer).notNull()
        }
        try db.execute(sql: "INSERT INTO job_numbers (id, last) SELECT 1, COALESCE(MAX(number), 0) FROM jobs")
    }

    /// `jobs.owner_id` (``Job/ownerID``): the user who added the job. Existing jobs keep none
    /// (they belong to no one, and every user sees them).
    private static func addJobOwners(_ db: Database) throws {
        try db.alter(table: "jobs") { t in
            t.add(column: "owner_id", .integer)
        }
        try db.create(index: "jobs_by_owner", on: "jobs", columns: ["owner_id"])
    }

    /// Processing profiles by name (``ProcessingProfileColumns``), and on `jobs` what the
    /// PROCESSING stage reported (ProcessingReport as JSON) and its encode's fps and speed.
    private static func addProcessing(_ db: Database) throws {
        try db.create(table: "processing_profiles", options: [.strict]) { t in
            t.primaryKey("name", .text)
            t.column("settings", .text).notNull()       // ProcessingProfile as JSON
            t.column("updated_at", .real).notNull()
        }
        try db.alter(table: "jobs") { t in
            t.add(column: "processing_report", .text)
            t.add(column: "progress_fps", .real)
            t.add(column: "progress_speed_factor", .real)
        }
    }

    /// Followed sources, their download profiles and the videos each source listed
    /// (``SourceColumns``, ``ProfileColumns``, ``SourceItemColumns``).
    ///
    /// A profile in use cannot be deleted (no cascade); deleting a source deletes its items. An
    /// item's `job_id` has no foreign key: jobs are deleted on their own, and the item then
    /// reads as removed.
    private static func createSourceTables(_ db: Database) throws {
        try db.create(table: "profiles", options: [.strict]) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique()
            t.column("settings", .text).notNull()       // Profile as JSON
        }
        try db.create(table: "sources", options: [.strict]) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("url", .text).notNull().unique()
            t.column("enabled", .integer).notNull()
            t.column("tabs", .text).notNull()           // SourceTabs as JSON
            t.column("schedule", .text).notNull()       // CheckSchedule.text
            t.column("feed_url", .text)
            t.column("profile_id", .integer).indexed().references("profiles")
            t.column("filters", .text).notNull()        // SourceFilters as JSON
            t.column("retention", .text).notNull()      // Retention as JSON
            t.column("layout", .text).notNull()         // OutputLayout.text
            t.column("backlog", .text).notNull()        // Backlog.text
            t.column("created_at", .real).notNull()
            t.column("next_check_at", .real).indexed()  // status.nextCheckAt, for the schedule
            t.column("status", .text).notNull()         // SourceStatus as JSON
        }
        try db.create(table: "source_items", options: [.strict]) { t in
            t.column("source_id", .integer).notNull().references("sources", onDelete: .cascade)
            t.column("media_id", .text).notNull()
            t.column("extractor", .text).notNull()
            t.column("url", .text).notNull()
            t.column("title", .text)
            t.column("published_at", .real)
            t.column("duration", .real)
            t.column("live_status", .text)
            t.column("availability", .text)
            t.column("tab", .text).notNull()
            t.column("is_short", .integer).notNull()
            t.column("status", .text).notNull()
            t.column("reason", .text)
            t.column("job_id", .text)
            t.column("keep", .integer).notNull()
            t.column("position", .integer).notNull()
            t.column("listed_at", .real).notNull()
            t.column("retry_at", .real)
            t.primaryKey(["source_id", "media_id"])
        }
        // Pages in listing order; the same video in other sources (archivedElsewhere).
        try db.create(index: "source_items_by_position", on: "source_items", columns: ["source_id", "position", "media_id"])
        try db.create(index: "source_items_by_media", on: "source_items", columns: ["extractor", "media_id"])
    }

    /// Queue entries carry an optional task payload (BLOB), kept with their dead letters.
    /// `job_id` keeps its name and holds the entry's task key (a job's id for the stage queues).
    private static func addQueuePayload(_ db: Database) throws {
        for table in ["queue_entries", "queue_dead_letters"] {
            try db.alter(table: table) { t in
                t.add(column: "payload", .blob)
            }
        }
    }

    /// Files stages hand to later stages (JSON array of JobArtifact).
    private static func addArtifacts(_ db: Database) throws {
        try db.alter(table: "jobs") { t in
            t.add(column: "artifacts", .text).notNull().defaults(to: "[]")
        }
    }

    private static func createJobTables(_ db: Database) throws {
        try db.create(table: "jobs", options: [.strict]) { t in
            t.primaryKey("id", .text)
            t.column("url", .text).notNull()
            t.column("state", .text).notNull()
            t.column("paused_from", .text)
            t.column("priority", .integer).notNull()
            t.column("tags", .text).notNull()           // JSON array, decoded with the job
            t.column("options", .text).notNull()        // JobOptions as JSON
            t.column("title", .text)
            t.column("title_key", .text).notNull()      // lowercased title (or url) for sorting
            t.column("search_text", .text).notNull()    // lowercased url, title and tags for search
            t.column("progress_stage", .text)
            t.column("progress_percent", .real)
            t.column("progress_downloaded_bytes", .integer)
            t.column("progress_total_bytes", .integer)
            t.column("progress_speed", .real)
            t.column("progress_eta", .real)
            t.column("attempts", .integer).notNull()
            t.column("failure_code", .text)
            t.column("failure_message", .text)
            t.column("failure_stage", .text)
            t.column("output_path", .text)
            t.column("finished_stages", .text).notNull() // comma-separated stage names
            t.column("queue_position", .integer).notNull()
            t.column("created_at", .real).notNull()
            t.column("updated_at", .real).notNull()
            t.column("started_at", .real)
            t.column("finished_at", .real)
        }
        // Each list sort is served by an index, so a page of 50 out of 100,000 jobs reads ~50 rows.
        // Index entries end with the rowid, which is the sorts' tie-breaker.
        // (Mixed-direction indexes have no GRDB builder, hence the SQL.)
        try db.execute(sql: "CREATE INDEX jobs_by_queue_order ON jobs(priority DESC, queue_position)")
        try db.execute(sql: "CREATE INDEX jobs_by_state ON jobs(state, priority DESC, queue_position)")
        try db.create(index: "jobs_by_queue_position", on: "jobs", columns: ["queue_position"])
        try db.create(index: "jobs_by_created_at", on: "jobs", columns: ["created_at"])
        try db.create(index: "jobs_by_updated_at", on: "jobs", columns: ["updated_at"])
        try db.create(index: "jobs_by_title_key", on: "jobs", columns: ["title_key"])
        try db.create(index: "jobs_by_progress", on: "jobs", columns: ["progress_percent"])
        // A narrow copy of the search text: a substring search scans this index, not the table.
        try db.create(index: "jobs_by_search_text", on: "jobs", columns: ["search_text"])

        try db.create(table: "job_tags", options: [.strict, .withoutRowID]) { t in
            t.column("tag", .text).notNull()
            t.column("job_id", .text).notNull().references("jobs", onDelete: .cascade)
            t.primaryKey(["tag", "job_id"])
        }
        try db.create(index: "job_tags_by_job", on: "job_tags", columns: ["job_id"])

        try db.create(table: "media", options: [.strict]) { t in
            t.primaryKey("job_id", .text).references("jobs", onDelete: .cascade)
            t.column("title", .text)
            t.column("uploader", .text)
            t.column("duration", .real)
            t.column("width", .integer)
            t.column("height", .integer)
            t.column("filesize", .integer)
            t.column("extractor", .text)
            t.column("source_id", .text)
            t.column("webpage_url", .text)
            t.column("thumbnail_url", .text)
            t.column("path", .text)
            t.column("relative_path", .text)
            t.column("container", .text)
            t.column("video_codec", .text)
            t.column("audio_codec", .text)
            t.column("updated_at", .real).notNull()
        }

        // AUTOINCREMENT: ids are monotonic and never reused, even after the newest rows are deleted.
        // No foreign key on job_id: a job_removed event outlives its job.
        try db.create(table: "job_events", options: [.strict]) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("job_id", .text)
            t.column("type", .text).notNull()
            t.column("timestamp", .real).notNull()
            t.column("level", .integer)                 // LogLevel rank, log events only
            t.column("payload", .text).notNull()        // JSON
        }
        try db.create(index: "job_events_by_job", on: "job_events", columns: ["job_id", "id"])
    }

    private static func createAuthTables(_ db: Database) throws {
        try db.create(table: "users", options: [.strict]) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("username", .text).notNull().unique()
            t.column("password_hash", .text).notNull()
            t.column("role", .text).notNull()
            t.column("created_at", .real).notNull()
        }
        try db.create(table: "api_tokens", options: [.strict]) { t in
            t.primaryKey("id", .text)
            t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
            t.column("name", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("secret_hash", .text).notNull().unique()
            t.column("created_at", .real).notNull()
            t.column("expires_at", .real)
            t.column("last_used_at", .real)
        }
    }

    private static func createQueueTables(_ db: Database) throws {
        try db.create(table: "queue_entries", options: [.strict]) { t in
            t.column("queue", .text).notNull()
            t.column("job_id", .text).notNull()
            t.column("priority", .integer).notNull()
            t.column("position", .integer).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("not_before", .real)
            t.column("forced", .integer).notNull().defaults(to: 0)
            t.column("lease_token", .text)
            t.column("lease_worker", .text)
            t.column("lease_expires_at", .real)
            t.column("last_error", .text)
            t.column("enqueued_at", .real).notNull()
            t.primaryKey(["queue", "job_id"])
        }
        // Matches QueueOrder.claimOrder, so a claim reads the queue's head, not the whole queue.
        try db.execute(sql: "CREATE INDEX queue_entries_by_claim_order ON queue_entries(queue, forced DESC, priority DESC, position, job_id)")
        try db.create(index: "queue_entries_by_position", on: "queue_entries", columns: ["queue", "position"])
        try db.create(index: "queue_entries_by_job", on: "queue_entries", columns: ["job_id"])

        try db.create(table: "queue_dead_letters", options: [.strict]) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("queue", .text).notNull().indexed()
            t.column("job_id", .text).notNull()
            t.column("priority", .integer).notNull()
            t.column("position", .integer).notNull()
            t.column("attempts", .integer).notNull()
            t.column("last_error", .text)
            t.column("failed_at", .real).notNull()
        }
        try db.create(table: "queue_counters", options: [.strict]) { t in
            t.primaryKey("queue", .text)
            t.column("completed", .integer).notNull().defaults(to: 0)
        }
        try db.create(table: "queue_state", options: [.strict]) { t in
            t.primaryKey("queue", .text)
            t.column("paused", .integer).notNull().defaults(to: 0)
        }
    }
}
