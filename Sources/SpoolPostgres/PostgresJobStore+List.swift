import PostgresNIO
import SpoolCore

extension PostgresJobStore {
    /// A filtered, sorted page of jobs and the number of jobs matching the filters, both read
    /// from one snapshot.
    ///
    /// Every sort ends with the insertion order (`seq`) as a tie-breaker, so paging is stable;
    /// NULLs sort first ascending and last descending (as in the embedded store), so descending is
    /// the exact reverse. Search is a literal substring of the lowercased url, title and tags.
    public func list(_ query: JobQuery) async throws -> JobPage {
        var bindings = PostgresBindings()
        let filter = Self.filter(query, &bindings)
        let countQuery = PostgresQuery(unsafeSQL: "SELECT COUNT(*)::bigint FROM jobs WHERE \(filter)", binds: bindings)
        bindings.append(max(query.limit, 0))
        bindings.append(max(query.offset, 0))
        let pageQuery = PostgresQuery(unsafeSQL: """
            SELECT \(JobRow.selection) FROM jobs WHERE \(filter)
            ORDER BY \(Self.ordering(query.sort, descending: query.descending))
            LIMIT $\(bindings.count - 1) OFFSET $\(bindings.count)
            """, binds: bindings)
        return try await database.transaction("list jobs") { connection in
            _ = try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger).collect()
            let total = try await connection.query(countQuery, logger: logger).collect().first?.decode(Int.self) ?? 0
            guard query.limit > 0, query.offset < total else { return JobPage(jobs: [], total: total) }
            let jobs = try await connection.query(pageQuery, logger: logger).collect().map(JobRow.job)
            return JobPage(jobs: jobs, total: total)
        }
    }

    /// The `WHERE` clause for the query's filters, appending its values to `bindings`.
    static func filter(_ query: JobQuery, _ bindings: inout PostgresBindings) -> String {
        var terms = ["TRUE"]
        if !query.states.isEmpty {
            bindings.append(query.states.map(\.rawValue).sorted())
            terms.append("state = ANY($\(bindings.count))")
        }
        if let search = query.search?.lowercased(), !search.isEmpty {
            bindings.append(search)
            terms.append("strpos(search_text, $\(bindings.count)) > 0")
        }
        if let prefix = query.idPrefix?.lowercased(), !prefix.isEmpty {
            // A range on the id's primary key (collation "C"): '~' sorts after every hex digit and '-'.
            bindings.append(prefix)
            bindings.append(prefix + "~")
            terms.append("id >= $\(bindings.count - 1) AND id < $\(bindings.count)")
        }
        if let owner = query.visibleTo {
            bindings.append(owner)
            terms.append("(owner_id = $\(bindings.count) OR owner_id IS NULL)")
        }
        if let tag = query.tag {
            bindings.append([tag])
            terms.append("tags @> $\(bindings.count)")
        }
        return terms.joined(separator: " AND ")
    }

    /// `ORDER BY` terms for a list order, each backed by an index (see `PostgresSchema`).
    static func ordering(_ sort: JobQuery.Sort, descending: Bool) -> String {
        let keys: [(column: String, ascending: Bool)] = switch sort {
        case .queue: [("priority", false), ("queue_position", true)]
        case .created: [("created_at", true)]
        case .updated: [("updated_at", true)]
        case .title: [("title_key", true)]
        case .progress: [("progress_percent", true)]
        case .state: [("state", true), ("priority", false), ("queue_position", true)]
        }
        return (keys + [("seq", true)])
            .map { key in key.ascending != descending ? "\(key.column) ASC NULLS FIRST" : "\(key.column) DESC NULLS LAST" }
            .joined(separator: ", ")
    }
}
