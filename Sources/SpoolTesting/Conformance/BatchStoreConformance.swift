import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``BatchStore`` passes: a batch read back exactly as written (its
/// jobs in order), a taken id refused as a conflict, batches listed newest first a page at a time
/// with the total, and deletes that say whether they removed anything.
///
/// The factory must return an empty store for each call.
public enum BatchStoreConformance {
    /// Makes an empty store for one check.
    public typealias Factory = @Sendable () async throws -> any BatchStore

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("storesEveryFieldOfABatch", storesEveryFieldOfABatch),
        .init("aTakenIDIsAConflict", aTakenIDIsAConflict),
        .init("batchesAreListedNewestFirstByPage", batchesAreListedNewestFirstByPage),
        .init("deleteRemovesOnlyThatBatch", deleteRemovesOnlyThatBatch),
    ]

    /// A batch with every field set, and one with every optional field nil, read back exactly as
    /// written; an unknown id reads as nil.
    public static func storesEveryFieldOfABatch(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let full = Batch(
            name: "Season 1 — «ép»", jobIDs: (0..<5).map { _ in .random() }, createdAt: Date(timeIntervalSince1970: 1_765_000_000.123456),
            notificationWebhook: "http://127.0.0.1:9/hook?x=1"
        )
        let plain = Batch(jobIDs: [.random()], createdAt: Date(timeIntervalSince1970: 1_765_000_100))
        try await store.insertBatch(full)
        try await store.insertBatch(plain)
        #expect(try await store.batch(full.id) == full)
        #expect(try await store.batch(plain.id) == plain)
        #expect(try await store.batch(.random()) == nil)
    }

    /// Inserting a second batch with the same id fails with `conflict` and leaves the first.
    public static func aTakenIDIsAConflict(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let first = Batch(name: "first", jobIDs: [.random()], createdAt: Date(timeIntervalSince1970: 1_765_000_000))
        try await store.insertBatch(first)
        var second = Batch(name: "second", jobIDs: [], createdAt: Date(timeIntervalSince1970: 1_765_000_001))
        second.id = first.id
        let error = await #expect(throws: SpoolError.self) { try await store.insertBatch(second) }
        #expect(error?.code == .conflict)
        #expect(try await store.batch(first.id) == first)
    }

    /// Pages of the list go from the newest batch to the oldest, and each says how many there are.
    public static func batchesAreListedNewestFirstByPage(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let batches = (0..<7).map { Batch(name: "b\($0)", jobIDs: [.random()], createdAt: Date(timeIntervalSince1970: 1_765_000_000 + Double($0))) }
        for batch in batches.shuffled() {
            try await store.insertBatch(batch)
        }
        let newestFirst = Array(batches.reversed())
        let first = try await store.batches(limit: 3, offset: 0)
        #expect(first.batches == Array(newestFirst[0..<3]))
        #expect(first.total == 7)
        let last = try await store.batches(limit: 3, offset: 6)
        #expect(last.batches == [newestFirst[6]])
        #expect(last.total == 7)
        #expect(try await store.batches(limit: 3, offset: 7).batches.isEmpty)
    }

    /// A delete removes that batch only and says so; deleting it again says there was none.
    public static func deleteRemovesOnlyThatBatch(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let keep = Batch(jobIDs: [.random()], createdAt: Date(timeIntervalSince1970: 1_765_000_000))
        let drop = Batch(jobIDs: [.random()], createdAt: Date(timeIntervalSince1970: 1_765_000_001))
        try await store.insertBatch(keep)
        try await store.insertBatch(drop)
        #expect(try await store.deleteBatch(drop.id))
        #expect(try await !store.deleteBatch(drop.id))
        #expect(try await store.batch(drop.id) == nil)
        #expect(try await store.batches(limit: 10, offset: 0).batches == [keep])
    }
}
