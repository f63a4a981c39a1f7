import Foundation

/// How a ``SourceItem`` maps to a row of `source_items` in every database backend: every field in
/// its own column except ``SourceItem/jobState``, which is read from `jobs` with the item (a
/// `LEFT JOIN` selecting `jobs.state AS job_state`, `NULL` once the job is gone).
public enum SourceItemColumns {
    /// The table.
    public static let table = "source_items"

    /// The stored columns, in `SELECT` order (``jobState`` comes after them).
    public static let selection = [
        "source_id", "media_id", "extractor", "url", "title", "published_at", "duration", "live_status", "availability", "tab",
        "is_short", "status", "reason", "job_id", "keep", "position", "listed_at", "retry_at",
    ]

    /// The name the joined job state is selected as.
    public static let jobState = "job_state"

    /// Every stored column, with the item's value for it, in ``selection`` order.
    public static func values(of item: SourceItem) -> [(column: String, value: ColumnValue)] {
        let entry = item.entry
        return [
            ("source_id", .integer(item.sourceID)),
            ("media_id", .text(entry.mediaID)),
            ("extractor", .text(entry.extractor)),
            ("url", .text(entry.url)),
            ("title", .text(entry.title)),
            ("published_at", .real(entry.publishedAt?.timeIntervalSince1970)),
            ("duration", .real(entry.duration)),
            ("live_status", .text(entry.liveStatus)),
            ("availability", .text(entry.availability)),
            ("tab", .text(entry.tab.rawValue)),
            ("is_short", .integer(entry.isShort ? 1 : 0)),
            ("status", .text(item.status.rawValue)),
            ("reason", .text(item.reason)),
            ("job_id", .text(item.jobID?.rawValue)),
            ("keep", .integer(item.keep ? 1 : 0)),
            ("position", .integer(Int64(item.position))),
            ("listed_at", .real(item.listedAt.timeIntervalSince1970)),
            ("retry_at", .real(item.retryAt?.timeIntervalSince1970)),
        ]
    }

    /// Decodes a row that has the ``selection`` columns and ``jobState``.
    ///
    /// - Throws: ``CorruptRow`` for unknown enum values or missing values.
    public static func item(from row: some ColumnReader) throws -> SourceItem {
        let sourceID = try row.required(row.integer("source_id"), "source_id", table: table, row: "an item")
        let mediaID = try row.required(row.text("media_id"), "media_id", table: table, row: "an item of source \(sourceID)")
        let name = "item '\(mediaID)' of source \(sourceID)"
        let entry = ListedEntry(
            mediaID: mediaID,
            extractor: try row.required(row.text("extractor"), "extractor", table: table, row: name),
            url: try row.required(row.text("url"), "url", table: table, row: name),
            title: try row.text("title"),
            publishedAt: try row.real("published_at").map(Date.init(timeIntervalSince1970:)),
            duration: try row.real("duration"),
            liveStatus: try row.text("live_status"),
            availability: try row.text("availability"),
            tab: try row.required(row.parse(SourceTab.self, "tab", table: table, row: name), "tab", table: table, row: name),
            isShort: try row.required(row.integer("is_short"), "is_short", table: table, row: name) != 0
        )
        return SourceItem(
            sourceID: sourceID,
            entry: entry,
            status: try row.required(row.parse(SourceItemStatus.self, "status", table: table, row: name), "status", table: table, row: name),
            reason: try row.text("reason"),
            jobID: try row.text("job_id").map(JobID.init(rawValue:)),
            jobState: try row.parse(JobState.self, jobState, table: table, row: name),
            keep: try row.required(row.integer("keep"), "keep", table: table, row: name) != 0,
            position: Int(try row.required(row.integer("position"), "position", table: table, row: name)),
            listedAt: Date(timeIntervalSince1970: try row.required(row.real("listed_at"), "listed_at", table: table, row: name)),
            retryAt: try row.real("retry_at").map(Date.init(timeIntervalSince1970:))
        )
    }

    /// A SQL `CASE` expression giving an item's ``SourceItemPhase`` (its raw value) from its
    /// `status` column and its job's state column, so phase filters and counts run in the
    /// database. It is generated from ``SourceItem/phase`` itself, so the two cannot disagree.
    ///
    /// - Parameters:
    ///   - status: the item's status column (`i.status`).
    ///   - jobState: the joined job's state column (`j.state`), `NULL` without a job row.
    public static func phaseSQL(status: String, jobState: String) -> String {
        let sample = ListedEntry(mediaID: "", extractor: "", url: "")
        func phase(_ status: SourceItemStatus, _ state: JobState?) -> String {
            SourceItem(sourceID: 0, entry: sample, status: status, jobState: state, position: 0, listedAt: Date(timeIntervalSince1970: 0)).phase.rawValue
        }
        let branches = SourceItemStatus.allCases.map { itemStatus in
            // Job states whose phase differs from the one without a job get their own branch.
            let otherwise = phase(itemStatus, nil)
            let states = JobState.allCases.filter { phase(itemStatus, $0) != otherwise }
                .map { "WHEN \(jobState) = '\($0.rawValue)' THEN '\(phase(itemStatus, $0))'" }
            let byJob = states.isEmpty ? "'\(otherwise)'" : "CASE " + states.joined(separator: " ") + " ELSE '\(otherwise)' END"
            return "WHEN \(status) = '\(itemStatus.rawValue)' THEN \(byJob)"
        }
        return "(CASE " + branches.joined(separator: " ") + " END)"
    }
}
