import Foundation
import Testing

@testable import SpoolCore

@Suite("Archive domain")
struct ArchiveDomainTests {
    @Test("a channel is listed per followed tab; playlists, videos and feeds once")
    func listings() {
        func tabs(_ url: String, _ following: SourceTabs = .init()) -> [String] {
            Source(name: "x", url: url, tabs: following).listings.map(\.url)
        }
        let some = SourceTabs(videos: true, shorts: false, streams: true)
        #expect(tabs("https://www.youtube.com/@example", some) == ["https://www.youtube.com/@example/videos", "https://www.youtube.com/@example/streams"])
        #expect(tabs("https://m.youtube.com/channel/UCabc/featured") == ["videos", "shorts", "streams"].map { "https://www.youtube.com/channel/UCabc/\($0)" })
        #expect(tabs("https://www.youtube.com/user/example/shorts", some).first == "https://www.youtube.com/user/example/videos")
        #expect(tabs("https://www.youtube.com/c/Example") .count == 3)
        #expect(tabs("https://www.youtube.com/playlist?list=PL123") == ["https://www.youtube.com/playlist?list=PL123"])
        #expect(tabs("https://www.youtube.com/watch?v=abc") == ["https://www.youtube.com/watch?v=abc"])
        #expect(tabs("http://127.0.0.1:8080/feed.xml") == ["http://127.0.0.1:8080/feed.xml"])
        #expect(tabs("https://example.com/@example") == ["https://example.com/@example"])
        #expect(!Source(name: "x", url: "https://www.youtube.com/playlist?list=PL1").newestFirst)
        #expect(Source(name: "x", url: "http://127.0.0.1/feed.xml").newestFirst)
    }

    @Test("schedules parse, print and plan the next check")
    func schedules() throws {
        #expect(CheckSchedule(text: "every 6h") == .interval(minutes: 360))
        #expect(CheckSchedule(text: "30m") == .interval(minutes: 30))
        #expect(CheckSchedule(text: "1d") == .interval(minutes: 1440))
        #expect(CheckSchedule(text: "daily 04:30") == .daily(hour: 4, minute: 30))
        for bad in ["", "every", "4m", "daily 25:00", "daily 4", "every 3x", "-5m"] { #expect(CheckSchedule(text: bad) == nil, "\(bad)") }
        #expect(CheckSchedule.daily(hour: 4, minute: 30).text == "daily 04:30")
        let last = try #require(DayText.parse("2026-12-06")).addingTimeInterval(5 * 3600)
        #expect(CheckSchedule.interval(minutes: 90).next(after: last, now: last) == last.addingTimeInterval(5400))
        #expect(CheckSchedule.daily(hour: 4, minute: 30).next(after: last, now: last) == DayText.parse("2026-12-07")?.addingTimeInterval(4.5 * 3600))
        #expect(CheckSchedule.daily(hour: 6, minute: 0).next(after: last, now: last) == DayText.parse("2026-12-06")?.addingTimeInterval(6 * 3600))
    }

    @Test("backlogs round-trip their text; bad ones are refused")
    func backlogs() throws {
        for text in ["all", "none", "newest:5", "since:2024-02-29"] { #expect(Backlog(text: text)?.text == text) }
        for bad in ["newest:", "newest:-1", "since:2023-02-29", "since:yesterday", "some"] { #expect(Backlog(text: bad) == nil, "\(bad)") }
        let decoded = try JSONDecoder().decode([Backlog].self, from: Data(#"["newest:2"]"#.utf8))
        #expect(decoded == [.newest(2)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Backlog].self, from: Data(#"["later"]"#.utf8)) }
    }

    @Test("filters validate on save and give each rejection its reason")
    func filters() {
        #expect(throws: SpoolError.self) { try SourceFilters(titleRegex: "(unclosed").validate() }
        #expect(throws: SpoolError.self) { try SourceFilters(minDuration: 60, maxDuration: 30).validate() }
        #expect(throws: SpoolError.self) { try SourceFilters(shorts: .only, streams: .only).validate() }
        let now = Date()
        let entry = ListedEntry(mediaID: "a", extractor: "youtube", url: "https://www.youtube.com/shorts/a", title: "Live: Big Show", publishedAt: now, duration: 40, tab: .shorts, isShort: true)
        #expect(SourceFilters(shorts: .exclude).rejection(of: entry) == "a Short (Shorts are excluded)")
        #expect(SourceFilters(titleRegex: "^live:").rejection(of: entry) == "title matches /^live:/")
        #expect(SourceFilters(titleRegex: "tutorial", invertTitleRegex: true).rejection(of: entry) == "title does not match /tutorial/")
        #expect(SourceFilters(maxDuration: 30).rejection(of: entry) == "longer than 30 s (40 s)")
        #expect(SourceFilters(publishedAfter: now.addingTimeInterval(86_400)).rejection(of: entry)?.hasPrefix("published ") == true)
        #expect(SourceFilters(streams: .only).rejection(of: entry) == "not a live stream (only streams are wanted)")
        #expect(SourceFilters(minDuration: 10, shorts: .only).rejection(of: entry) == nil)
    }

    @Test("retention keeps the newest N and the kept ones, and deletes by age")
    func retention() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func item(_ id: String, _ days: Double, keep: Bool = false, state: JobState = .complete) -> SourceItem {
            SourceItem(
                sourceID: 1, entry: ListedEntry(mediaID: id, extractor: "generic", url: "u", publishedAt: now.addingTimeInterval(-days * 86_400)),
                status: .queued, jobID: JobID("j\(id)"), jobState: state, keep: keep, position: Int(days), listedAt: now
            )
        }
        let items = [item("a", 1), item("b", 2), item("c", 3, keep: true), item("d", 4), item("e", 5, state: .downloading), item("f", 40)]
        #expect(Retention(keepNewest: 2).expired(items, now: now).map(\.item.entry.mediaID) == ["f", "d"])
        #expect(Retention(maxAgeDays: 30).expired(items, now: now).map(\.reason) == ["older than 30 days"])
        #expect(Retention().expired(items, now: now).isEmpty)
        #expect(throws: SpoolError.self) { try Retention(keepNewest: 0).validate() }
    }

    @Test("the layouts' templates keep the source name one safe path component")
    func layouts() throws {
        #expect(OutputLayout.archive.template(sourceName: "My/Channel") == "My_Channel/videos/%(id)s/video.%(ext)s")
        #expect(OutputLayout.folderName("..hidden") == "hidden")
        #expect(OutputLayout.folderName("-rf 100%") == "rf 100%%")
        #expect(OutputLayout.folderName("  ") == "source")
        for layout in [OutputLayout.archive, .mediaServer] {
            try OutputTemplateGuard.validate(layout.template(sourceName: "../x\u{7}"))
        }
        #expect(OutputLayout(text: "media-server") == .mediaServer)
        #expect(OutputLayout(text: "%(title)s.%(ext)s") == .custom("%(title)s.%(ext)s"))
    }

    @Test("YouTube channel and playlist URLs get their Atom feed")
    func feeds() {
        #expect(ArchiveService.youtubeFeedURL(for: "https://www.youtube.com/channel/UCabc/videos") == "https://www.youtube.com/feeds/videos.xml?channel_id=UCabc")
        #expect(ArchiveService.youtubeFeedURL(for: "https://www.youtube.com/playlist?list=PL1") == "https://www.youtube.com/feeds/videos.xml?playlist_id=PL1")
        #expect(ArchiveService.youtubeFeedURL(for: "https://www.youtube.com/@handle") == nil)
        #expect(ArchiveService.youtubeFeedURL(for: "http://127.0.0.1/feed.xml") == nil)
    }
}
