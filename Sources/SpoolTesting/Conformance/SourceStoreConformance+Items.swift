import Foundation
import SpoolCore
import Testing

extension SourceStoreConformance {
    /// `markListedSeen` turns the source's `listed` items but the kept ones into `seen` with the
    /// reason, and touches no other status and no other source.
    public static func markListedSeenDecidesOnlyUndecidedItems(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let source = try await store.insertSource(Source(name: "m", url: "https://example.com/m"))
        let other = try await store.insertSource(Source(name: "o", url: "https://example.com/o"))
        _ = try await store.addItems(
            [item("a"), item("b"), item("c"), item("it's"), item("f", status: .filtered), item("q", status: .queued)],
            status: SourceStatus(), to: source.id
        )
        _ = try await store.addItems([item("a"), item("x")], status: SourceStatus(), to: other.id)
        let changed = try await store.markListedSeen(sourceID: source.id, keeping: ["b", "it's"], reason: "before the backlog")
        #expect(changed == 2)
        let items = try await store.items(sourceID: source.id, query: .init())
        let statuses = Dictionary(uniqueKeysWithValues: items.map { ($0.entry.mediaID, $0.status) })
        #expect(statuses == ["a": .seen, "b": .listed, "c": .seen, "it's": .listed, "f": .filtered, "q": .queued])
        #expect(items.first { $0.entry.mediaID == "a" }?.reason == "before the backlog")
        #expect(try await store.items(sourceID: other.id, query: .init()).allSatisfy { $0.status == .listed })
        #expect(try await store.markListedSeen(sourceID: source.id, keeping: [], reason: "r") == 2)
    }

    /// `addItems` inserts only media ids the source has not listed (rows it has stay untouched,
    /// a repeat within the batch counts once), returns exactly those, and saves the status with
    /// them; an unknown source writes nothing.
    public static func addItemsReturnsOnlyNewItemsAndSavesTheStatus(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let source = try await store.insertSource(Source(name: "c", url: "https://example.com/c"))
        let progress = SourceStatus(nextCheckAt: Date(timeIntervalSince1970: 1_750_000_000.5), extractor: "youtube", cursor: [.videos: 3])
        let first = try await store.addItems([item("a", position: 0), item("b", position: 1), item("c", position: 2)], status: progress, to: source.id)
        #expect(first.map(\.entry.mediaID) == ["a", "b", "c"])
        #expect(first.allSatisfy { $0.sourceID == source.id })
        #expect(try await store.source(source.id)?.status == progress)

        var done = progress
        done.cursor = [:]
        done.indexedTabs = [.videos]
        done.lastFullIndexAt = Date(timeIntervalSince1970: 1_750_000_060)
        let relisted = item("b", status: .seen, position: 7, title: "changed")
        let second = try await store.addItems(
            [relisted, item("d", position: 3), item("c", position: 2), item("e", position: 4), item("d", status: .seen, position: 9)],
            status: done, to: source.id
        )
        #expect(second.map(\.entry.mediaID) == ["d", "e"])
        #expect(second.first?.status == .listed && second.first?.position == 3)
        #expect(try await store.source(source.id)?.status == done)
        #expect(try await store.mediaIDs(sourceID: source.id) == ["a", "b", "c", "d", "e"])
        let stored = try await store.items(sourceID: source.id, query: .init())
        #expect(stored.first { $0.entry.mediaID == "b" } == first[1], "an item listed again is left as it was")
        #expect(stored.filter { ["d", "e"].contains($0.entry.mediaID) } == second)

        let nothingNew = try await store.addItems([item("a")], status: SourceStatus(lastError: "HTTP 429"), to: source.id)
        #expect(nothingNew.isEmpty)
        #expect(try await store.source(source.id)?.status.lastError == "HTTP 429", "the status is saved without new items too")

        let error = await #expect(throws: SpoolError.self) {
            try await store.addItems([item("z")], status: progress, to: source.id + 1000)
        }
        #expect(error?.code == .notFound)
        #expect(try await store.mediaIDs(sourceID: source.id + 1000).isEmpty)
    }

    /// Batches saved at the same time with overlapping media ids insert each item once: every
    /// id is returned by exactly one call (a resumed index never lists a video twice).
    public static func concurrentAddItemsInsertEachItemOnce(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let source = try await store.insertSource(Source(name: "c", url: "https://example.com/c"))
        let ids = (0..<40).map { "m\($0)" }
        let returned = try await withThrowingTaskGroup(of: [String].self) { group in
            for batch in 0..<4 {
                let items = ids.shuffled().prefix(30).enumerated().map { item($1, position: $0 + batch) }
                group.addTask {
                    try await store.addItems(Array(items), status: SourceStatus(cursor: [.videos: batch]), to: source.id).map(\.entry.mediaID)
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        let stored = try await store.mediaIDs(sourceID: source.id)
        #expect(returned.count == Set(returned).count, "no item is returned twice")
        #expect(Set(returned) == stored)
        #expect(try await store.items(sourceID: source.id, query: .init(limit: 100)).count == stored.count)
    }

    /// Every field of an item (entry included) survives a write and a read; the job's state is
    /// read from the job.
    public static func storesEveryFieldOfAnItem(_ makeStores: Factory) async throws {
        let stores = try await makeStores()
        let store = stores.sources
        let source = try await store.insertSource(Source(name: "c", url: "https://example.com/c"))
        let job = try await insertJob(stores.jobs, state: .downloading)
        let full = SourceItem(
            sourceID: 12345,
            entry: ListedEntry(
                mediaID: "dQw4w9WgXcQ", extractor: "youtube", url: "https://www.youtube.com/shorts/dQw4w9WgXcQ", title: "Ünïcödé — «title»",
                publishedAt: Date(timeIntervalSince1970: 1_700_000_000.5), duration: 212.25, liveStatus: "was_live",
                availability: "subscriber_only", tab: .streams, isShort: true
            ),
            status: .deferred, reason: "members only", jobID: job.id, jobState: .failed, keep: true, position: 41,
            listedAt: Date(timeIntervalSince1970: 1_750_000_000.125), retryAt: Date(timeIntervalSince1970: 1_750_086_400.75)
        )
        let inserted = try await store.addItems([full], status: SourceStatus(), to: source.id)
        var expected = full
        expected.sourceID = source.id
        expected.jobState = .downloading
        #expect(inserted == [expected])
        #expect(try await store.items(sourceID: source.id, query: .init()) == [expected])

        let bare = try await store.addItems([item("plain", position: 42)], status: SourceStatus(), to: source.id)
        #expect(bare.first?.entry == ListedEntry(mediaID: "plain", extractor: "youtube", url: "https://example.com/watch?v=plain"))
        #expect(bare.first?.jobID == nil && bare.first?.jobState == nil && bare.first?.retryAt == nil && bare.first?.keep == false)
    }

    /// `modifyItem` writes every stored field and returns the item as read (its job's state from
    /// the job, whatever the body set); source and media id stay; a throwing body or an unknown
    /// item changes nothing.
    public static func modifyItemWritesEveryFieldOrRollsBack(_ makeStores: Factory) async throws {
        let stores = try await makeStores()
        let store = stores.sources
        let source = try await store.insertSource(Source(name: "c", url: "https://example.com/c"))
        let job = try await insertJob(stores.jobs, state: .complete)
        _ = try await store.addItems([item("m1", position: 3)], status: SourceStatus(), to: source.id)
        let entry = ListedEntry(
            mediaID: "m1", extractor: "youtube", url: "https://example.com/watch?v=m1&t=1", title: "now titled",
            publishedAt: Date(timeIntervalSince1970: 1_650_000_000), duration: 30, liveStatus: "not_live", availability: "public",
            tab: .shorts, isShort: true
        )
        let changed = try await store.modifyItem(sourceID: source.id, mediaID: "m1") { item in
            item.sourceID = 999
            item.entry = entry
            item.entry.mediaID = "other"
            item.status = .queued
            item.reason = "queued by hand"
            item.jobID = job.id
            item.jobState = .failed
            item.keep = true
            item.position = 9
            item.listedAt = Date(timeIntervalSince1970: 1_760_000_000.5)
            item.retryAt = Date(timeIntervalSince1970: 1_760_086_400)
        }
        let expected = SourceItem(
            sourceID: source.id, entry: entry, status: .queued, reason: "queued by hand", jobID: job.id, jobState: .complete, keep: true,
            position: 9, listedAt: Date(timeIntervalSince1970: 1_760_000_000.5), retryAt: Date(timeIntervalSince1970: 1_760_086_400)
        )
        #expect(changed == expected)
        #expect(try await store.items(sourceID: source.id, query: .init()) == [expected])

        let cleared = try await store.modifyItem(sourceID: source.id, mediaID: "m1") { item in
            item.reason = nil
            item.retryAt = nil
            item.entry.title = nil
            item.entry.publishedAt = nil
        }
        #expect(cleared.reason == nil && cleared.retryAt == nil && cleared.entry.title == nil && cleared.entry.publishedAt == nil)

        await #expect(throws: ConformanceFailure.self) {
            try await store.modifyItem(sourceID: source.id, mediaID: "m1") { item in
                item.status = .deleted
                throw ConformanceFailure()
            }
        }
        #expect(try await store.items(sourceID: source.id, query: .init()) == [cleared])
        let missing = await #expect(throws: SpoolError.self) {
            try await store.modifyItem(sourceID: source.id, mediaID: "zz") { $0.keep = false }
        }
        #expect(missing?.code == .notFound && missing?.message == "source \(source.id) has no item 'zz'")
        let noSource = await #expect(throws: SpoolError.self) {
            try await store.modifyItem(sourceID: source.id + 1000, mediaID: "m1") { $0.keep = false }
        }
        #expect(noSource?.code == .notFound)
    }

    /// Pages follow the listing position (0 = newest first; ties by media id), skip `offset` and
    /// hold at most `limit`; other sources' items never show.
    public static func itemsPageInListingOrder(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let source = try await store.insertSource(Source(name: "c", url: "https://example.com/c"))
        let other = try await store.insertSource(Source(name: "o", url: "https://example.com/o"))
        let items = (0..<25).map { index in item(String(format: "v%02d", 24 - index), position: index / 2) }
        _ = try await store.addItems(items.shuffled(), status: SourceStatus(), to: source.id)
        _ = try await store.addItems([item("x", position: 0)], status: SourceStatus(), to: other.id)
        let order = items.sorted { ($0.position, $0.entry.mediaID) < ($1.position, $1.entry.mediaID) }.map(\.entry.mediaID)
        var paged: [String] = []
        for offset in stride(from: 0, to: 30, by: 10) {
            let page = try await store.items(sourceID: source.id, query: .init(limit: 10, offset: offset))
            #expect(page.count == min(10, max(25 - offset, 0)))
            paged += page.map(\.entry.mediaID)
        }
        #expect(paged == order)
        #expect(try await store.items(sourceID: source.id, query: .init(limit: Int.max)).map(\.entry.mediaID) == order)
        #expect(try await store.items(sourceID: source.id, query: .init(limit: 0)).isEmpty)
        #expect(try await store.items(sourceID: source.id, query: .init(limit: 10, offset: 25)).isEmpty)
        #expect(try await store.items(sourceID: other.id, query: .init()).map(\.entry.mediaID) == ["x"])
    }
}
