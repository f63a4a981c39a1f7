import Foundation
import SpoolCore

/// A ``BatchStore`` in memory for the route tests; it passes ``BatchStoreConformance`` (see
/// BatchRouteTests), so the routes see what the real stores would give them.
actor MemoryBatchStore: BatchStore {
    private var stored: [BatchID: Batch] = [:]

    func insertBatch(_ batch: Batch) async throws {
        guard stored[batch.id] == nil else { throw SpoolError(.conflict, "batch \(batch.id) exists") }
        stored[batch.id] = batch
    }

    func batch(_ id: BatchID) async throws -> Batch? { stored[id] }

    func batches(limit: Int, offset: Int) async throws -> (batches: [Batch], total: Int) {
        let sorted = stored.values.sorted { ($0.createdAt, $1.id.rawValue) > ($1.createdAt, $0.id.rawValue) }
        return (Array(sorted.dropFirst(max(0, offset)).prefix(max(0, limit))), sorted.count)
    }

    func deleteBatch(_ id: BatchID) async throws -> Bool { stored.removeValue(forKey: id) != nil }
}
