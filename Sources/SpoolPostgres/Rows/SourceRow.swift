import PostgresNIO
import SpoolCore

/// Queries on `sources`, `profiles` and `source_items`, with rows mapped by ``SourceColumns``,
/// ``ProfileColumns`` and ``SourceItemColumns``.
enum SourceRow {
    /// The columns a ``Source`` is read from.
    static let sourceSelection = SourceColumns.selection.joined(separator: ", ")
    /// The columns a ``Profile`` is read from.
    static let profileSelection = ProfileColumns.selection.joined(separator: ", ")

    /// `SELECT` of items (`i`) with their job's state (`j`), ready for a `WHERE` clause.
    static let selectItems = """
        SELECT \(SourceItemColumns.selection.map { "i.\($0)" }.joined(separator: ", ")), j.state AS \(SourceItemColumns.jobState)
        FROM source_items i LEFT JOIN jobs j ON j.id = i.job_id
        """

    /// An item's phase, computed from `i` and `j` (see ``SourceItemColumns/phaseSQL(status:jobState:)``).
    static let phase = SourceItemColumns.phaseSQL(status: "i.status", jobState: "j.state")

    /// Most items inserted by one statement (18 parameters each, far below PostgreSQL's 65,535).
    static let insertBatch = 500

    /// `INSERT` of the items that are new to their source, returning those it inserted with
    /// their job's state (rows in any order; a media id repeated in `items` is inserted once).
    static func insertNew(_ items: [SourceItem]) throws -> PostgresQuery {
        let columns = SourceItemColumns.selection
        var bindings = PostgresBindings(capacity: items.count * columns.count)
        var rows: [String] = []
        for item in items {
            let first = bindings.count
            try bindings.append(SourceItemColumns.values(of: item))
            rows.append("(" + (1...columns.count).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
        }
        let names = columns.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: """
            WITH inserted AS (
                INSERT INTO source_items (\(names)) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (source_id, media_id) DO NOTHING RETURNING \(names)
            )
            SELECT \(columns.map { "i.\($0)" }.joined(separator: ", ")), j.state AS \(SourceItemColumns.jobState)
            FROM inserted i LEFT JOIN jobs j ON j.id = i.job_id
            """, binds: bindings)
    }

    /// `UPDATE` of every stored column of an item, found by source and media id.
    static func update(_ item: SourceItem) throws -> PostgresQuery {
        let values = SourceItemColumns.values(of: item).filter { $0.column != "source_id" && $0.column != "media_id" }
        var bindings = PostgresBindings(capacity: values.count + 2)
        try bindings.append(values)
        bindings.append(item.sourceID)
        bindings.append(item.entry.mediaID)
        let assignments = values.enumerated().map { "\($1.column) = $\($0 + 1)" }.joined(separator: ", ")
        return PostgresQuery(
            unsafeSQL: "UPDATE source_items SET \(assignments) WHERE source_id = $\(values.count + 1) AND media_id = $\(values.count + 2)",
            binds: bindings
        )
    }

    /// `UPDATE` of every stored column of a source, returning it.
    static func update(_ source: Source) throws -> PostgresQuery {
        try update(table: SourceColumns.table, id: source.id, try SourceColumns.values(of: source), returning: sourceSelection)
    }

    /// `UPDATE` of every stored column of a profile, returning it.
    static func update(_ profile: Profile) throws -> PostgresQuery {
        try update(table: ProfileColumns.table, id: profile.id, try ProfileColumns.values(of: profile), returning: profileSelection)
    }

    /// `UPDATE table SET … WHERE id = … RETURNING …`.
    static func update(table: String, id: Int64, _ values: [(column: String, value: ColumnValue)], returning: String) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count + 1)
        try bindings.append(values)
        bindings.append(id)
        let assignments = values.enumerated().map { "\($1.column) = $\($0 + 1)" }.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: "UPDATE \(table) SET \(assignments) WHERE id = $\(values.count + 1) RETURNING \(returning)", binds: bindings)
    }

    /// Decodes a row selected with ``sourceSelection``.
    static func source(_ row: PostgresRow) throws -> Source {
        try SourceColumns.source(from: PostgresColumnReader(row))
    }

    /// Decodes a row selected with ``profileSelection``.
    static func profile(_ row: PostgresRow) throws -> Profile {
        try ProfileColumns.profile(from: PostgresColumnReader(row))
    }

    /// Decodes a row selected with ``selectItems``.
    static func item(_ row: PostgresRow) throws -> SourceItem {
        try SourceItemColumns.item(from: PostgresColumnReader(row))
    }
}
