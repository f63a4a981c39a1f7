import GRDB
import SpoolCore

/// A row of `sources`, as ``SourceColumns`` maps it; a source with id 0 is inserted with a new id.
struct SourceRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = SourceColumns.table

    static var databaseSelection: [any SQLSelectable] { SourceColumns.selection.map { Column($0) } }

    /// Columns the store sorts on.
    enum Columns {
        static let id = Column("id")
    }

    /// The source.
    var source: Source

    /// A record for the source.
    init(_ source: Source) {
        self.source = source
    }

    init(row: Row) throws {
        source = try SourceColumns.source(from: SQLiteColumnReader(row: row))
    }

    func encode(to container: inout PersistenceContainer) throws {
        if source.id > 0 { container["id"] = source.id }
        try container.store(SourceColumns.values(of: source))
    }
}
