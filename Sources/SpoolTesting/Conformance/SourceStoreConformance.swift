import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``SourceStore`` passes: sources stored field by field with unique
/// URLs, atomic modify, delete with its items; items added once per media id together with the
/// source's progress, paged in listing order, with phases derived from real job rows (filters and
/// counts in the database agree with ``SourceItem/phase``); videos archived by other sources; and
/// profiles with unique names that cannot be deleted while in use.
///
/// The factory must return an empty source store and the job store of the same database for
/// each call.
public enum SourceStoreConformance {
    /// The stores of one empty database.
    public struct Stores: Sendable {
        /// The store under test.
        public let sources: any SourceStore
        /// The job store beside it, whose jobs give items their phases.
        public let jobs: any JobStore

        /// Creates the pair.
        public init(sources: any SourceStore, jobs: any JobStore) {
            self.sources = sources
            self.jobs = jobs
        }
    }

    /// Makes the stores of an empty database for one check.
    public typealias Factory = @Sendable () async throws -> Stores

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("storesEveryFieldOfASource", storesEveryFieldOfASource),
        .init("insertRejectsAFollowedURL", insertRejectsAFollowedURL),
        .init("insertNeedsAnExistingProfile", insertNeedsAnExistingProfile),
        .init("modifySourceWritesOrRollsBack", modifySourceWritesOrRollsBack),
        .init("deleteSourceDeletesItsItemsOnly", deleteSourceDeletesItsItemsOnly),
        .init("addItemsReturnsOnlyNewItemsAndSavesTheStatus", addItemsReturnsOnlyNewItemsAndSavesTheStatus),
        .init("concurrentAddItemsInsertEachItemOnce", concurrentAddItemsInsertEachItemOnce),
        .init("markListedSeenDecidesOnlyUndecidedItems", markListedSeenDecidesOnlyUndecidedItems),
        .init("storesEveryFieldOfAnItem", storesEveryFieldOfAnItem),
        .init("modifyItemWritesEveryFieldOrRollsBack", modifyItemWritesEveryFieldOrRollsBack),
        .init("itemsPageInListingOrder", itemsPageInListingOrder),
        .init("phasesFollowTheJobs", phasesFollowTheJobs),
        .init("phaseAndStatusFiltersAgreeWithThePhase", phaseAndStatusFiltersAgreeWithThePhase),
        .init("archivedElsewhereFindsVideosOtherSourcesTook", archivedElsewhereFindsVideosOtherSourcesTook),
        .init("storesEveryFieldOfAProfile", storesEveryFieldOfAProfile),
        .init("profileNamesAreUnique", profileNamesAreUnique),
        .init("profilesInUseAreNotDeleted", profilesInUseAreNotDeleted),
    ]

    /// A source with every field set (cursor, indexed tabs and every date included) reads back
    /// exactly as it was written and as insert returned it; so does one with defaults.
    public static func storesEveryFieldOfASource(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let profile = try await store.insertProfile(Profile(name: "hq"))
        let full = Source(
            id: 4242, name: "Ünïcödé channel", url: "https://www.youtube.com/channel/UCabc", enabled: false,
            tabs: SourceTabs(videos: true, shorts: false, streams: true), schedule: .daily(hour: 4, minute: 30),
            feedURL: "https://www.youtube.com/feeds/videos.xml?channel_id=UCabc", profileID: profile.id,
            filters: SourceFilters(
                titleRegex: "(?i)trailer|teaser", invertTitleRegex: true, minDuration: 60.5, maxDuration: 7200,
                publishedAfter: Date(timeIntervalSince1970: 1_700_000_000.5), shorts: .exclude, streams: .only
            ),
            retention: Retention(keepNewest: 20, maxAgeDays: 90), layout: .custom("%(uploader)s/%(title)s [%(id)s].%(ext)s"),
            backlog: .since(try #require(DayText.parse("2024-02-29"))), createdAt: Date(timeIntervalSince1970: 1_750_000_000.25),
            status: SourceStatus(
                lastCheckAt: Date(timeIntervalSince1970: 1_750_000_100.125), lastFullIndexAt: Date(timeIntervalSince1970: 1_750_000_050.5),
                nextCheckAt: Date(timeIntervalSince1970: 1_750_021_700.75), lastError: "HTTP Error 429: Too Many Requests",
                extractor: "youtube", cursor: [.videos: 350, .streams: 12], indexedTabs: [.shorts, .streams], backlogApplied: true
            )
        )
        let stored = try await store.insertSource(full)
        #expect(stored.id > 0)
        var expected = full
        expected.id = stored.id
        #expect(stored == expected)
        #expect(try await store.source(stored.id) == expected)

        let plain = try await store.insertSource(Source(
            name: "feed", url: "https://example.com/feed.xml", schedule: .interval(minutes: 45), layout: .mediaServer, backlog: .newest(5)
        ))
        #expect(plain.id > stored.id && plain.profileID == nil && plain.feedURL == nil && plain.status == SourceStatus())
        #expect(try await store.source(plain.id) == plain)
        #expect(try await store.sources() == [expected, plain])
        #expect(try await store.source(plain.id + 1000) == nil)
    }

    /// A second source with a followed URL is a conflict naming the first; nothing is stored.
    public static func insertRejectsAFollowedURL(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let first = try await store.insertSource(Source(name: "first", url: "https://example.com/c/one"))
        let error = await #expect(throws: SpoolError.self) {
            try await store.insertSource(Source(name: "second", url: "https://example.com/c/one"))
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("'first' (id \(first.id))") == true, "\(error?.message ?? "")")
        #expect(try await store.sources().map(\.name) == ["first"])
    }

    /// A source naming a profile that does not exist is not stored.
    public static func insertNeedsAnExistingProfile(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let error = await #expect(throws: SpoolError.self) {
            try await store.insertSource(Source(name: "x", url: "https://example.com/x", profileID: 999))
        }
        #expect(error?.code == .notFound)
        #expect(try await store.sources().isEmpty)
    }

    /// `modifySource` stores the change and returns it as read; a throwing body, an unknown id or
    /// another source's URL change nothing; the id stays.
    public static func modifySourceWritesOrRollsBack(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let source = try await store.insertSource(Source(name: "a", url: "https://example.com/a"))
        let other = try await store.insertSource(Source(name: "b", url: "https://example.com/b"))
        let profile = try await store.insertProfile(Profile(name: "p"))
        let changed = try await store.modifySource(source.id) { source in
            source.id = 77_777
            source.name = "renamed"
            source.url = "https://example.com/a2"
            source.profileID = profile.id
            source.schedule = .interval(minutes: 30)
            source.status.cursor = [.shorts: 5]
            source.status.nextCheckAt = Date(timeIntervalSince1970: 1_800_000_000)
        }
        #expect(changed.id == source.id && changed.name == "renamed" && changed.url == "https://example.com/a2")
        #expect(changed.profileID == profile.id && changed.schedule == .interval(minutes: 30) && changed.status.cursor == [.shorts: 5])
        #expect(try await store.source(source.id) == changed)

        await #expect(throws: ConformanceFailure.self) {
            try await store.modifySource(source.id) { source in
                source.name = "lost"
                throw ConformanceFailure()
            }
        }
        let taken = await #expect(throws: SpoolError.self) {
            try await store.modifySource(source.id) { $0.url = other.url }
        }
        #expect(taken?.code == .conflict)
        #expect(try await store.source(source.id) == changed)
        let missing = await #expect(throws: SpoolError.self) {
            try await store.modifySource(other.id + 1000) { $0.name = "ghost" }
        }
        #expect(missing?.code == .notFound && missing?.message == "source \(other.id + 1000) does not exist")
    }

    /// Deleting a source deletes its items, not other sources' items nor the jobs; a second delete is `not_found`.
    public static func deleteSourceDeletesItsItemsOnly(_ makeStores: Factory) async throws {
        let stores = try await makeStores()
        let store = stores.sources
        let doomed = try await store.insertSource(Source(name: "doomed", url: "https://example.com/doomed"))
        let kept = try await store.insertSource(Source(name: "kept", url: "https://example.com/kept"))
        let job = try await insertJob(stores.jobs, state: .complete)
        _ = try await store.addItems([item("v1", status: .queued, jobID: job.id), item("v2")], status: SourceStatus(), to: doomed.id)
        _ = try await store.addItems([item("v1")], status: SourceStatus(), to: kept.id)
        try await store.deleteSource(doomed.id)
        #expect(try await store.source(doomed.id) == nil)
        #expect(try await store.items(sourceID: doomed.id, query: .init()).isEmpty)
        #expect(try await store.mediaIDs(sourceID: doomed.id).isEmpty)
        #expect(try await store.itemCounts(sourceID: doomed.id).isEmpty)
        #expect(try await store.mediaIDs(sourceID: kept.id) == ["v1"])
        #expect(try await stores.jobs.job(job.id)?.state == .complete)
        let error = await #expect(throws: SpoolError.self) { try await store.deleteSource(doomed.id) }
        #expect(error?.code == .notFound && error?.message == "source \(doomed.id) does not exist")
    }

    // MARK: Helpers

    /// An item of a listing for the checks (source id 0: `addItems` files it).
    static func item(
        _ mediaID: String, status: SourceItemStatus = .listed, jobID: JobID? = nil, position: Int = 0, extractor: String = "youtube",
        title: String? = nil, listedAt: Date = Date(timeIntervalSince1970: 1_750_000_000)
    ) -> SourceItem {
        SourceItem(
            sourceID: 0, entry: ListedEntry(mediaID: mediaID, extractor: extractor, url: "https://example.com/watch?v=\(mediaID)", title: title),
            status: status, jobID: jobID, position: position, listedAt: listedAt
        )
    }

    /// Stores a job in `state` through the job store.
    static func insertJob(_ jobs: any JobStore, state: JobState) async throws -> Job {
        var job = Job(options: JobOptions(url: "https://example.com/watch?v=\(UUID().uuidString)"))
        job.state = state
        return try await jobs.insert(job, events: []).0
    }
}
