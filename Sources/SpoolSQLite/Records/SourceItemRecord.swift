import GRDB
import SpoolCore

/// A row of `source_items` joined with its job's state, as ``SourceItemColumns`` maps it.
///
/// Items are read with ``select`` (a `LEFT JOIN` on `jobs`) and written by ``insertIfNew(_:_:)``
/// and ``update(_:_:)``; the job state is never written.
struct SourceItemRecord: Sendable, FetchableRecord {
    /// The item, with its job's state.
    var item: SourceItem

    init(row: Row) throws {
        item = try SourceItemColumns.item(from: SQLiteColumnReader(row: row))
    }

    /// `SELECT` of items (`i`) with their job's state (`j`), ready for a `WHERE` clause.
    static let select = """
        SELECT \(SourceItemColumns.selection.map { "i.\($0)" }.joined(separator: ", ")), j.state AS \(SourceItemColumns.jobState)
        FROM source_items i LEFT JOIN jobs j ON j.id = i.job_id
        """

    /// The item's phase, computed from `i` and `j` (see ``SourceItemColumns/phaseSQL(status:jobState:)``).
    static let phase = SourceItemColumns.phaseSQL(status: "i.status", jobState: "j.state")

    /// The item `mediaID` of source `sourceID`, or nil.
    static func fetch(sourceID: Int64, mediaID: String, _ db: Database) throws -> SourceItem? {
        try fetchOne(db, sql: select + " WHERE i.source_id = ? AND i.media_id = ?", arguments: [sourceID, mediaID])?.item
    }

    /// Inserts the item unless its source has one with its media id; returns whether it did.
    static func insertIfNew(_ item: SourceItem, _ db: Database) throws -> Bool {
        let values = SourceItemColumns.values(of: item)
        let columns = values.map(\.column).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO source_items (\(columns)) VALUES (\(placeholders)) ON CONFLICT (source_id, media_id) DO NOTHING",
            arguments: try StatementArguments(values)
        )
        return db.changesCount > 0
    }

    /// Writes every stored column of the item (found by source and media id).
    static func update(_ item: SourceItem, _ db: Database) throws {
        let values = SourceItemColumns.values(of: item).filter { $0.column != "source_id" && $0.column != "media_id" }
        let assignments = values.map { "\($0.column) = ?" }.joined(separator: ", ")
        var arguments = try StatementArguments(values)
        arguments += [item.sourceID, item.entry.mediaID]
        try db.execute(sql: "UPDATE source_items SET \(assignments) WHERE source_id = ? AND media_id = ?", arguments: arguments)
    }
}
