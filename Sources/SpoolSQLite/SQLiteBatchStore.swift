import Foundation
import GRDB
import SpoolCore

/// The embedded ``BatchStore``: batches of jobs in the SQLite database beside the jobs.
public struct SQLiteBatchStore: BatchStore {
    let database: SQLiteDatabase

    /// Creates a store over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Stores a new batch; throws `conflict` when its id is taken.
    public func insertBatch(_ batch: Batch) async throws {
        try await database.write("add batch \(batch.id)") { db in
            try BatchRecord(batch).insert(db)
        }
    }

    /// The batch with `id`, if any.
    public func batch(_ id: BatchID) async throws -> Batch? {
        try await database.read("read batch \(id.rawValue.prefix(60))") { db in
            try BatchRecord.fetchOne(db, key: id.rawValue)?.batch
        }
    }

    /// Batches, newest first, `limit` from `offset`, and how many there are in all.
    public func batches(limit: Int, offset: Int) async throws -> (batches: [Batch], total: Int) {
        try await database.read("list batches") { db in
            let page = try BatchRecord.order(BatchRecord.Columns.createdAt.desc, BatchRecord.Columns.id)
                .limit(max(0, limit), offset: max(0, offset)).fetchAll(db).map(\.batch)
            return (page, try BatchRecord.fetchCount(db))
        }
    }

    /// Removes the batch (not its jobs); false when there was none.
    public func deleteBatch(_ id: BatchID) async throws -> Bool {
        try await database.write("delete batch \(id.rawValue.prefix(60))") { db in
            try BatchRecord.deleteOne(db, key: id.rawValue)
        }
    }
}
