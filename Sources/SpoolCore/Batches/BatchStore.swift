/// Stored batches (SQLite or PostgreSQL). A batch is written once, when it is added, and removed
/// with its jobs; its jobs live in the ``JobStore``.
public protocol BatchStore: Sendable {
    /// Stores a new batch; throws `conflict` when its id is taken.
    func insertBatch(_ batch: Batch) async throws
    /// The batch with `id`, if any.
    func batch(_ id: BatchID) async throws -> Batch?
    /// Batches, newest first, `limit` from `offset`, and how many there are in all.
    func batches(limit: Int, offset: Int) async throws -> (batches: [Batch], total: Int)
    /// Removes the batch (not its jobs); false when there was none.
    func deleteBatch(_ id: BatchID) async throws -> Bool
}
