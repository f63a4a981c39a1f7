import GRDB
import SpoolCore

extension SQLiteJobStore {
    /// A filtered, sorted page of jobs and the number of jobs matching the filters.
    ///
    /// Every sort order is served by an index and ends with the rowid (insertion order) as a
    /// tie-breaker, so paging is stable and an unfiltered page costs about `limit` row reads; the
    /// total is counted on an index. Search and tag filters stay bounded on large tables too
    /// (see ``filtered(_:forPage:)``).
    public func list(_ query: JobQuery) async throws -> JobPage {
        try await database.read("list jobs") { db in
            let total = try Self.filtered(query, forPage: false).fetchCount(db)
            guard query.limit > 0, query.offset < total else { return JobPage(jobs: [], total: total) }
            let jobs = try Self.filtered(query, forPage: true)
                .order(Self.ordering(query.sort, descending: query.descending))
                .limit(query.limit, offset: max(query.offset, 0))
                .fetchAll(db)
                .map(\.job)
            return JobPage(jobs: jobs, total: total)
        }
    }

    /// The jobs matching the query's filters, unsorted, shaped for counting or for a page.
    ///
    /// Search scans the narrow `jobs_by_search_text` index instead of the table; a tag is looked
    /// up in `job_tags`. For a page, both become a set of rowids tested with `+rowid IN (…)`: the
    /// `+` keeps SQLite from driving the query by that set (which would read and sort every
    /// match), so it walks the sort index and stops after `limit` matches, reading only matching rows.
    static func filtered(_ query: JobQuery, forPage: Bool) -> QueryInterfaceRequest<JobRecord> {
        var request = JobRecord.all()
        if !query.states.isEmpty {
            request = request.filter(query.states.map(\.rawValue).contains(JobRecord.Columns.state))
        }
        if let search = query.search?.lowercased(), !search.isEmpty {
            request = forPage
                ? request.filter(literal: "+rowid IN (SELECT rowid FROM jobs INDEXED BY jobs_by_search_text WHERE instr(search_text, \(search)) > 0)")
                : request.filter(literal: "instr(search_text, \(search)) > 0")
        }
        if let prefix = query.idPrefix?.lowercased(), !prefix.isEmpty {
            // A range on the id's unique index: '~' sorts after every hex digit and '-'.
            request = request.filter(JobRecord.Columns.id >= prefix && JobRecord.Columns.id < prefix + "~")
        }
        if let owner = query.visibleTo {
            request = request.filter(literal: "(owner_id = \(owner) OR owner_id IS NULL)")
        }
        if let tag = query.tag {
            let tagged: SQL = "SELECT jobs.rowid FROM job_tags JOIN jobs ON jobs.id = job_tags.job_id WHERE job_tags.tag = \(tag)"
            request = request.filter(literal: forPage ? "+rowid IN (\(tagged))" : "rowid IN (\(tagged))")
        }
        return request
    }

    /// Sort terms for a list order, each backed by an index (see `SQLiteSchema`).
    static func ordering(_ sort: JobQuery.Sort, descending: Bool) -> [any SQLOrderingTerm] {
        typealias Columns = JobRecord.Columns
        let keys: [(column: Column, ascending: Bool)] = switch sort {
        case .queue: [(Columns.priority, false), (Columns.queuePosition, true)]
        case .created: [(Columns.createdAt, true)]
        case .updated: [(Columns.updatedAt, true)]
        case .title: [(Columns.titleKey, true)]
        case .progress: [(Columns.progressPercent, true)]
        case .state: [(Columns.state, true), (Columns.priority, false), (Columns.queuePosition, true)]
        }
        return (keys + [(Column.rowID, true)]).map { key in
            key.ascending != descending ? key.column.asc : key.column.desc
        }
    }

    /// SQLite's plan for the page query of `query`, one line per step (tests check that sorts
    /// are served by indexes).
    func pagePlan(_ query: JobQuery) async throws -> [String] {
        try await database.read("explain a job list") { db in
            let request = Self.filtered(query, forPage: true)
                .order(Self.ordering(query.sort, descending: query.descending))
                .limit(query.limit, offset: query.offset)
            let statement = try request.makePreparedRequest(db, forSingleResult: false).statement
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                .map { try $0.decode(String.self, forColumn: "detail") }
        }
    }
}
