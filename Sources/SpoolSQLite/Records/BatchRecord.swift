import GRDB
import SpoolCore

/// A row of `batches`, as ``BatchColumns`` maps it.
struct BatchRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = BatchColumns.table

    static var databaseSelection: [any SQLSelectable] { BatchColumns.selection.map { Column($0) } }

    /// Columns the store sorts on.
    enum Columns {
        static let createdAt = Column("created_at")
        static let id = Column("id")
    }

    /// The batch.
    var batch: Batch

    /// A record for the batch.
    init(_ batch: Batch) {
        self.batch = batch
    }

    init(row: Row) throws {
        batch = try BatchColumns.batch(from: SQLiteColumnReader(row: row))
    }

    func encode(to container: inout PersistenceContainer) throws {
        try container.store(BatchColumns.values(of: batch))
    }
}
