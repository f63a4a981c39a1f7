import Foundation

/// How a ``Source`` maps to a row of `sources` in every database backend: what is looked up or
/// enforced has a column (`url` is unique, `profile_id` references `profiles`, `next_check_at` is
/// indexed for the schedule); settings and progress are JSON text or their text forms. Dates are
/// unix seconds, so a source reads back as it was written to the microsecond.
public enum SourceColumns {
    /// The table.
    public static let table = "sources"

    /// The columns a ``Source`` is read from, in `SELECT` order.
    public static let selection = [
        "id", "name", "url", "enabled", "tabs", "schedule", "feed_url", "profile_id", "filters", "retention", "layout",
        "backlog", "created_at", "status",
    ]

    /// Every stored column except `id`, with the source's value for it (`next_check_at` is
    /// derived from the status).
    public static func values(of source: Source) throws -> [(column: String, value: ColumnValue)] {
        [
            ("name", .text(source.name)),
            ("url", .text(source.url)),
            ("enabled", .integer(source.enabled ? 1 : 0)),
            ("tabs", .text(try StoredJSON.encode(source.tabs))),
            ("schedule", .text(source.schedule.text)),
            ("feed_url", .text(source.feedURL)),
            ("profile_id", .integer(source.profileID)),
            ("filters", .text(try StoredJSON.encode(source.filters))),
            ("retention", .text(try StoredJSON.encode(source.retention))),
            ("layout", .text(source.layout.text)),
            ("backlog", .text(source.backlog.text)),
            ("created_at", .real(source.createdAt.timeIntervalSince1970)),
        ] + (try statusValues(source.status))
    }

    /// The columns that hold a source's status: the status as JSON and its `next_check_at`.
    public static func statusValues(_ status: SourceStatus) throws -> [(column: String, value: ColumnValue)] {
        [
            ("next_check_at", .real(status.nextCheckAt?.timeIntervalSince1970)),
            ("status", .text(try StoredJSON.encode(status))),
        ]
    }

    /// Decodes a row that has the ``selection`` columns.
    ///
    /// - Throws: ``CorruptRow`` for unreadable JSON, unknown text forms or missing values.
    public static func source(from row: some ColumnReader) throws -> Source {
        let id = try row.required(row.integer("id"), "id", table: table, row: "a source")
        let name = "source \(id)"
        let scheduleText = try row.required(row.text("schedule"), "schedule", table: table, row: name)
        guard let schedule = CheckSchedule(text: scheduleText) else {
            throw CorruptRow(table: table, reason: "\(name) has unknown schedule '\(scheduleText)'")
        }
        let backlogText = try row.required(row.text("backlog"), "backlog", table: table, row: name)
        guard let backlog = Backlog(text: backlogText) else {
            throw CorruptRow(table: table, reason: "\(name) has unknown backlog '\(backlogText)'")
        }
        return Source(
            id: id,
            name: try row.required(row.text("name"), "name", table: table, row: name),
            url: try row.required(row.text("url"), "url", table: table, row: name),
            enabled: try row.required(row.integer("enabled"), "enabled", table: table, row: name) != 0,
            tabs: try StoredJSON.decode(SourceTabs.self, "tabs", of: row, table: table, row: name),
            schedule: schedule,
            feedURL: try row.text("feed_url"),
            profileID: try row.integer("profile_id"),
            filters: try StoredJSON.decode(SourceFilters.self, "filters", of: row, table: table, row: name),
            retention: try StoredJSON.decode(Retention.self, "retention", of: row, table: table, row: name),
            layout: OutputLayout(text: try row.required(row.text("layout"), "layout", table: table, row: name)),
            backlog: backlog,
            createdAt: Date(timeIntervalSince1970: try row.required(row.real("created_at"), "created_at", table: table, row: name)),
            status: try StoredJSON.decode(SourceStatus.self, "status", of: row, table: table, row: name)
        )
    }
}
