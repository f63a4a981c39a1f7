import Foundation
import Logging
import PostgresNIO
import SpoolCore

/// The shared ``BatchStore``: batches of jobs in PostgreSQL beside the jobs.
public struct PostgresBatchStore: BatchStore {
    let database: PostgresDatabase

    /// Creates a store over a database whose pool is running and whose schema is migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    var logger: Logger { database.logger }

    private static let selection = BatchColumns.selection.joined(separator: ", ")

    /// Stores a new batch; throws `conflict` when its id is taken.
    public func insertBatch(_ batch: Batch) async throws {
        let insert = try PostgresColumns.insert(into: BatchColumns.table, try BatchColumns.values(of: batch))
        try await database.transaction("add batch \(batch.id)") { connection in
            _ = try await connection.query(insert, logger: logger).collect()
        }
    }

    /// The batch with `id`, if any.
    public func batch(_ id: BatchID) async throws -> Batch? {
        try await database.read("read batch \(id.rawValue.prefix(60))") { connection in
            try await connection.query("SELECT \(unescaped: Self.selection) FROM batches WHERE id = \(id.rawValue)", logger: logger)
                .collect().first.map(Self.batch)
        }
    }

    /// Batches, newest first, `limit` from `offset`, and how many there are in all.
    public func batches(limit: Int, offset: Int) async throws -> (batches: [Batch], total: Int) {
        try await database.read("list batches") { connection in
            let page = try await connection.query(
                "SELECT \(unescaped: Self.selection) FROM batches ORDER BY created_at DESC, id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))",
                logger: logger
            ).collect().map(Self.batch)
            let count = try await connection.query("SELECT count(*)::bigint FROM batches", logger: logger).collect()
            return (page, Int(try count.first?.decode(Int64.self) ?? 0))
        }
    }

    /// Removes the batch (not its jobs); false when there was none.
    public func deleteBatch(_ id: BatchID) async throws -> Bool {
        try await database.transaction("delete batch \(id.rawValue.prefix(60))") { connection in
            !(try await connection.query("DELETE FROM batches WHERE id = \(id.rawValue) RETURNING id", logger: logger).collect()).isEmpty
        }
    }

    private static func batch(_ row: PostgresRow) throws -> Batch {
        try BatchColumns.batch(from: PostgresColumnReader(row))
    }
}
