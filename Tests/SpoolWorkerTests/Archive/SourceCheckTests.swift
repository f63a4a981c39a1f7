import Foundation
import SpoolCore
import SpoolQueue
import Testing

@testable import SpoolWorker

@Suite("Source checks")
struct SourceCheckTests {
    static let url = "http://127.0.0.1:9/feed.xml"

    @Test("a first index with backlog newest:2 queues exactly the 2 newest and marks 3 seen")
    func backlogNewest() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        harness.lister.script(Self.url, (1...5).map { .item("v\($0)", daysAgo: $0, now: now) })
        let source = try await harness.add(backlog: .newest(2))
        let outcome = try await harness.check.run(source.id, mode: .check)
        #expect(outcome.listed == 5 && outcome.new == 5 && outcome.queued == 2 && outcome.indexed)
        #expect(try await harness.ids(source.id, .queued) == ["v1", "v2"])
        #expect(try await harness.ids(source.id, .seen) == ["v3", "v4", "v5"])
        let jobs = try await harness.jobs.list(JobQuery(limit: 10)).jobs
        #expect(Set(jobs.map(\.options.url)) == ["http://127.0.0.1:9/v1.mp4", "http://127.0.0.1:9/v2.mp4"])
        #expect(jobs.allSatisfy { $0.options.tags == ["source:Feed"] && $0.options.outputTemplate == "Feed/videos/%(id)s/video.%(ext)s" })
        #expect(try await harness.sourceLogs().contains { $0.contains("first index of 'Feed' finished") && $0.contains("2 queued") })
        let metadata = try #require(harness.storage.files[FakeStorage.library + "/Feed/metadata.json"])
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(metadata.utf8))
        #expect(document["url"]?.stringValue == Self.url && document["extractor"]?.stringValue == "generic")
        #expect(document["items"]?["queued"]?.intValue == 2 && document["items"]?["seen"]?.intValue == 3)
    }

    @Test("backlog none marks everything seen; all queues everything; since a date queues what is newer")
    func otherBacklogs() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        // Backlogs keep whole days: since the day before yesterday takes the items of 1 and 2 days ago.
        let dayBeforeYesterday = try #require(DayText.parse(DayText.format(now.addingTimeInterval(-2 * 86_400))))
        for (index, backlog) in [Backlog.none, .all, .since(dayBeforeYesterday)].enumerated() {
            let url = "http://127.0.0.1:9/feed\(index).xml"
            harness.lister.script(url, (1...4).map { .item("b\(index)-\($0)", daysAgo: $0, now: now) })
            let source = try await harness.add(url, backlog: backlog) { $0.name = "Feed \(index)" }
            _ = try await harness.check.run(source.id, mode: .check)
            let queued = try await harness.ids(source.id, .queued).count
            #expect(queued == [0, 4, 2][index], "backlog \(backlog.text)")
        }
    }

    @Test("a later check downloads exactly the new items, stops at known ones, and a second check finds nothing")
    func incremental() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        var entries: [ListedEntry] = (1...20).map { .item("v\($0)", daysAgo: $0, now: now) }
        harness.lister.script(Self.url, entries)
        let source = try await harness.add(backlog: .none)
        _ = try await harness.check.run(source.id, mode: .check)
        entries.insert(contentsOf: [.item("n1", now: now), .item("n2", now: now)], at: 0)
        harness.lister.script(Self.url, entries)
        let before = harness.lister.consumed
        let outcome = try await harness.check.run(source.id, mode: .check)
        #expect(outcome.new == 2 && outcome.queued == 2 && !outcome.indexed)
        #expect(try await harness.ids(source.id, .queued) == ["n1", "n2"])
        // Two new ones, then three known in a row (the harness's streak) end the listing.
        #expect(harness.lister.consumed - before == 5)
        let again = try await harness.check.run(source.id, mode: .check)
        #expect(again.new == 0 && again.queued == 0)
        let items = try await harness.sources.items(sourceID: source.id, query: .init(limit: 100))
        #expect(items.prefix(2).map(\.entry.mediaID) == ["n1", "n2"], "new items list first")
    }

    @Test("an incremental check of a feed source reads the feed itself; the first index and other sources use yt-dlp")
    func feedReadBySpool() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        harness.lister.script(Self.url, (1...20).map { .item("v\($0)", daysAgo: $0, now: now) })
        let source = try await harness.add(backlog: .none)
        _ = try await harness.check.run(source.id, mode: .check)
        let listings = harness.lister.requests.count
        harness.feed.entries.withLock { $0 = [.item("n1", now: now)] + (1...20).map { .item("v\($0)", daysAgo: $0, now: now) } }
        let outcome = try await harness.check.run(source.id, mode: .check)
        #expect(outcome.new == 1 && outcome.queued == 1)
        #expect(harness.lister.requests.count == listings, "yt-dlp did not list the source again")
        #expect(harness.feed.reads.withLock { $0 } == 1)
        // Not a feed (the reader finds nothing): yt-dlp lists it.
        harness.feed.entries.withLock { $0 = [] }
        _ = try await harness.check.run(source.id, mode: .check)
        #expect(harness.lister.requests.count == listings + 1)
    }

    @Test("filters store rejected items with their reasons and never queue them")
    func filters() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        harness.lister.script(Self.url, [
            .item("ok", now: now), .item("short", duration: 3, now: now), .item("trailer", title: "Official Trailer", now: now),
        ])
        let source = try await harness.add(backlog: .all) {
            $0.filters = SourceFilters(titleRegex: "trailer", minDuration: 10)
        }
        _ = try await harness.check.run(source.id, mode: .check)
        let items = try await harness.sources.items(sourceID: source.id, query: .init(phases: [.filtered]))
        let reasons = Dictionary(uniqueKeysWithValues: items.map { ($0.entry.mediaID, $0.reason ?? "") })
        #expect(reasons["short"] == "shorter than 10 s (3 s)")
        #expect(reasons["trailer"] == "title matches /trailer/")
        #expect(try await harness.ids(source.id, .queued) == ["ok"])
    }

    @Test("an index cut short resumes after the last saved batch: nothing listed twice, nothing lost")
    func resume() async throws {
        let harness = try ArchiveHarness(batchSize: 50)
        let now = harness.clock.now
        harness.lister.script(Self.url, (1...200).map { .item("v\($0)", daysAgo: $0, now: now) })
        let source = try await harness.add(backlog: .newest(3))
        harness.lister.fail(after: 120, with: SpoolError(.downloadFailed, "connection reset"))
        await #expect(throws: SpoolError.self) { try await harness.check.run(source.id, mode: .check) }
        let stored = try await harness.sources.source(source.id)
        #expect(stored?.status.cursor[.all] == 100, "the cursor stands at the last saved batch")
        #expect(stored?.status.backlogApplied == false)
        #expect(try await harness.ids(source.id, .queued).isEmpty, "the backlog waits for the whole index")
        let outcome = try await harness.check.run(source.id, mode: .check)
        #expect(harness.lister.requests.last?.skip == 100)
        #expect(outcome.new == 100)
        let phases = try await harness.phases(source.id)
        #expect(phases.count == 200)
        #expect(try await harness.ids(source.id, .queued) == ["v1", "v2", "v3"])
        #expect(try await harness.jobs.list(JobQuery(limit: 500)).jobs.count == 3)
    }

    @Test("a check cancelled mid-listing (shutdown, lost lease) keeps its progress and never marks the tab indexed")
    func cancelled() async throws {
        let harness = try ArchiveHarness(batchSize: 10)
        let now = harness.clock.now
        harness.lister.script(Self.url, (1...100).map { .item("v\($0)", daysAgo: $0, now: now) })
        let source = try await harness.add(backlog: .none)
        harness.lister.hang(after: 35)
        let running = Task { try await harness.check.run(source.id, mode: .check) }
        while try await harness.sources.mediaIDs(sourceID: source.id).count < 30 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
        let stored = try #require(try await harness.sources.source(source.id))
        #expect(stored.status.indexedTabs.isEmpty && !stored.status.backlogApplied)
        #expect(stored.status.cursor[.all] == 35, "what was consumed is saved, with its place")
        _ = try await harness.check.run(source.id, mode: .check)
        #expect(harness.lister.requests.last?.skip == 35)
        #expect(try await harness.phases(source.id).count == 100)
    }

    @Test("a video another source archived is a duplicate, not a second download")
    func dedupe() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        harness.lister.script(Self.url, [.item("shared", now: now), .item("a", now: now)])
        harness.lister.script("http://127.0.0.1:9/other.xml", [.item("shared", now: now), .item("b", now: now)])
        let first = try await harness.add(backlog: .all)
        _ = try await harness.check.run(first.id, mode: .check)
        let second = try await harness.add("http://127.0.0.1:9/other.xml", backlog: .all) { $0.name = "Other" }
        _ = try await harness.check.run(second.id, mode: .check)
        #expect(try await harness.ids(second.id, .duplicate) == ["shared"])
        #expect(try await harness.ids(second.id, .queued) == ["b"])
        #expect(try await harness.jobs.list(JobQuery(limit: 10)).jobs.count == 3)
    }

    @Test("members-only and upcoming videos wait, and are queued once they are available")
    func deferred() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        var members = ListedEntry.item("members", now: now)
        members.availability = "subscriber_only"
        var upcoming = ListedEntry.item("premiere", now: now)
        upcoming.liveStatus = "is_upcoming"
        harness.lister.script(Self.url, [members, upcoming, .item("plain", now: now)])
        let source = try await harness.add(backlog: .all)
        _ = try await harness.check.run(source.id, mode: .check)
        #expect(try await harness.ids(source.id, .deferred) == ["members", "premiere"])
        upcoming.liveStatus = "was_live"
        harness.lister.script(Self.url, [members, upcoming, .item("plain", now: now)])
        harness.clock.advance(by: 2 * 3600)
        _ = try await harness.check.run(source.id, mode: .check)
        #expect(try await harness.ids(source.id, .queued) == ["plain", "premiere"])
        #expect(try await harness.ids(source.id, .deferred) == ["members"], "members-only waits a day")
    }

    @Test("keep newest 3 deletes the oldest downloads, spares a kept one, and logs each deletion")
    func retention() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        harness.lister.script(Self.url, (1...6).map { .item("v\($0)", daysAgo: $0, now: now) })
        let source = try await harness.add(backlog: .all) { $0.retention = Retention(keepNewest: 3) }
        _ = try await harness.check.run(source.id, mode: .check)
        try await harness.completeDownloads(source.id)
        _ = try await harness.archive.setKeep(sourceID: source.id, mediaID: "v6", keep: true)
        let plan = try await harness.archive.retentionPlan(source.id)
        #expect(plan.deletions.map(\.mediaID) == ["v5", "v4"])
        _ = try await harness.check.run(source.id, mode: .check)
        #expect(try await harness.ids(source.id, .deleted) == ["v4", "v5"])
        #expect(try await harness.ids(source.id, .downloaded) == ["v1", "v2", "v3", "v6"])
        let logs = try await harness.sourceLogs()
        #expect(logs.contains { $0.contains("retention deleted") && $0.contains("[v5]") && $0.contains("beyond the newest 3") })
        #expect(try await harness.jobs.list(JobQuery(limit: 10)).jobs.count == 4)
    }

    @Test("a feed poll looks only at unseen entries and lists nothing")
    func fastPoll() async throws {
        let harness = try ArchiveHarness()
        let now = harness.clock.now
        harness.lister.script(Self.url, (1...3).map { .item("v\($0)", now: now) })
        let source = try await harness.add(backlog: .none) { $0.feedURL = "http://127.0.0.1:9/atom.xml" }
        _ = try await harness.check.run(source.id, mode: .check)
        let requests = harness.lister.requests.count
        var fresh = ListedEntry.item("new", now: now)
        fresh.extractor = "youtube"
        harness.feed.entries.withLock { $0 = [fresh, .item("v1", now: now), .item("v2", now: now)] }
        let outcome = try await harness.check.run(source.id, mode: .fast)
        #expect(outcome.listed == 3 && outcome.new == 1 && outcome.queued == 1)
        let after = harness.lister.requests.dropFirst(requests)
        #expect(after.map(\.url) == [fresh.url], "one lookup of the unseen entry; the source was not listed again")
        let item = try #require(try await harness.sources.items(sourceID: source.id, query: .init(phases: [.queued])).first)
        #expect(item.entry.mediaID == "new" && item.entry.extractor == "generic", "feed ids file under the source's extractor")
    }

    @Test("a refusal for rate cools the site down, re-queues the check for later and changes no setting")
    func rateLimited() async throws {
        let harness = try ArchiveHarness()
        let source = try await harness.add(backlog: .all) { $0.filters = SourceFilters(minDuration: 5) }
        harness.lister.fail(after: 0, with: SpoolError(.rateLimited, "HTTP Error 429: Too Many Requests"))
        let handler = SourceSyncHandler(check: harness.check, retryPolicy: .init(), logger: harness.logger)
        let lease = try #require(try await harness.driver.claim(from: .sync, workerID: "t", leaseDuration: .seconds(30), forcedOnly: false))
        await handler.handle(LeaseContext(lease: lease, driver: harness.driver))
        let after = try #require(try await harness.sources.source(source.id))
        #expect(after.status.lastError?.contains("cooling down until") == true)
        #expect(after.filters == source.filters && after.url == source.url && after.tabs == source.tabs && after.schedule == source.schedule)
        let entry = try #require(try await harness.driver.entries(in: .sync).first)
        let delay = try #require(entry.notBefore).timeIntervalSinceNow
        #expect(delay > 1700 && delay <= 1800)
        #expect(entry.attempts == 0, "a refusal is not a failed attempt")
        #expect(await harness.gate.wait(for: "127.0.0.1") != nil)
    }
}
