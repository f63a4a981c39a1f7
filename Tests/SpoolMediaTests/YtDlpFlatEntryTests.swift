import Foundation
import SpoolCore
@testable import SpoolMedia
import Testing

/// `yt-dlp --flat-playlist --dump-json` lines read into listed entries.
///
/// Fixtures: `rss-flat.jsonl` and `video-page-flat.jsonl` are real yt-dlp 2026.11.23 output for a
/// two-item RSS feed and a page with two `<video>` tags served on 127.0.0.1:8765
/// (`yt-dlp --ignore-config --flat-playlist --lazy-playlist --dump-json --no-warnings
/// --ignore-no-formats-error <url>`); `youtube-tab-flat.jsonl` is written by hand from the entry
/// yt-dlp's YouTube tab extractor builds (`_extract_video`, the shorts lockup): a video, a
/// members-only video, an upcoming premiere and a Short.
@Suite("yt-dlp flat entries")
struct YtDlpFlatEntryTests {
    @Test("an RSS item's id is the guid smuggled in its URL; the URL stays smuggled for the download")
    func rssItems() throws {
        let lines = try Fixture.lines("rss-flat.jsonl")
        let feed = "http://127.0.0.1:8765/feed.xml"
        let entries = try lines.map { try #require(try YtDlpFlatEntry(jsonLine: $0).listedEntry(tab: .all, listedURL: feed)) }
        #expect(entries.map(\.mediaID) == ["item-2", "item-1"])
        #expect(entries.allSatisfy { $0.extractor == "generic" && $0.tab == .all && !$0.isShort })
        #expect(entries[0].url == "http://127.0.0.1:8765/clip.mp4#__youtubedl_smuggle=%7B%22force_videoid%22%3A+%22item-2%22%7D")
        #expect(entries[0].title == "Episode 2 & more" && entries[1].title == "Episode 1")
        #expect(entries[0].publishedAt == Date(timeIntervalSince1970: 1_700_003_600))
        #expect(entries[1].publishedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(entries[0].duration == 5 && entries[1].duration == nil)
        #expect(entries[0].liveStatus == nil && entries[0].availability == nil)
    }

    @Test("each <video> of a page is a resolved entry page-N whose URL is its media file, not the page")
    func videoPage() throws {
        let page = "http://127.0.0.1:8765/page.html"
        let entries = try Fixture.lines("video-page-flat.jsonl").map {
            try #require(try YtDlpFlatEntry(jsonLine: $0).listedEntry(tab: .all, listedURL: page))
        }
        #expect(entries.map(\.mediaID) == ["page-1", "page-2"])
        #expect(entries.map(\.url) == ["http://127.0.0.1:8765/clip.mp4", "http://127.0.0.1:8765/clip.mp4?b"])
        #expect(entries.allSatisfy { $0.extractor == "html5mediaembed" })
        #expect(entries[0].title == "P (1)")
    }

    @Test("YouTube tab entries: ids, youtube extractor, dates, availability, live status and Shorts")
    func youTubeTab() throws {
        let tab = "https://www.youtube.com/@example/videos"
        let entries = try Fixture.lines("youtube-tab-flat.jsonl").map {
            try #require(try YtDlpFlatEntry(jsonLine: $0).listedEntry(tab: .videos, listedURL: tab))
        }
        #expect(entries.map(\.mediaID) == ["dQw4w9WgXcQ", "membersOnly1", "upcoming001", "shortClip01"])
        #expect(entries.allSatisfy { $0.extractor == "youtube" })
        #expect(entries[0].url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        #expect(entries[0].duration == 213 && entries[0].publishedAt == Date(timeIntervalSince1970: 1_763_942_400))
        #expect(!entries[0].isMembersOnly && !entries[0].isStream && !entries[0].isShort)
        #expect(entries[1].availability == "subscriber_only" && entries[1].isMembersOnly)
        #expect(entries[2].liveStatus == "is_upcoming" && entries[2].isLiveOrUpcoming)
        #expect(entries[2].publishedAt == Date(timeIntervalSince1970: 1_764_604_800), "release_timestamp when there is no timestamp")
        #expect(entries[3].isShort && entries[3].url == "https://www.youtube.com/shorts/shortClip01" && entries[3].publishedAt == nil)

        let inShortsTab = try #require(try YtDlpFlatEntry(jsonLine: Fixture.lines("youtube-tab-flat.jsonl")[0]).listedEntry(tab: .shorts, listedURL: tab))
        #expect(inShortsTab.isShort && inShortsTab.tab == .shorts)
    }

    @Test("upload_date is midnight UTC; a numeric id is read as text; odd field types read as missing")
    func lenientFields() throws {
        let entry = try YtDlpFlatEntry(jsonLine: #"{"id": 12345, "url": "https://example.com/v/12345", "upload_date": "20240229", "duration": "long", "title": null, "timestamp": true}"#)
        #expect(entry.mediaID == "12345" && entry.title == nil && entry.duration == nil)
        #expect(entry.publishedAt == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(entry.extractor == "generic", "no ie_key nor extractor_key")
        #expect(try YtDlpFlatEntry(jsonLine: #"{"id": "x", "upload_date": "20241341"}"#).publishedAt == nil)
    }

    @Test("an entry without an id or a smuggled guid, or without a URL, gives no listed entry")
    func unusable() throws {
        #expect(try YtDlpFlatEntry(jsonLine: #"{"_type": "url", "url": "https://example.com/a.mp4", "title": "x"}"#).listedEntry(tab: .all, listedURL: "u") == nil)
        #expect(try YtDlpFlatEntry(jsonLine: #"{"_type": "url", "id": "", "url": "https://example.com/a.mp4"}"#).listedEntry(tab: .all, listedURL: "u") == nil)
        #expect(try YtDlpFlatEntry(jsonLine: #"{"_type": "url", "id": "abc"}"#).listedEntry(tab: .all, listedURL: "u") == nil)
        #expect(YtDlpFlatEntry.smuggledVideoID(in: "https://example.com/a.mp4#__youtubedl_smuggle=not-json") == nil)
        #expect(YtDlpFlatEntry.smuggledVideoID(in: "https://example.com/a.mp4#__youtubedl_smuggle=%7B%22to_generic%22%3A+true%7D") == nil)
        #expect(YtDlpFlatEntry.smuggledVideoID(in: "https://e.com/a#__youtubedl_smuggle=%7B%22force_videoid%22%3A+%22a+b%2Fc%22%7D") == "a b/c")
    }

    @Test("a line that is not a JSON object is malformed_json")
    func malformed() {
        #expect(throws: SpoolError.self) { try YtDlpFlatEntry(jsonLine: "[download] Downloading playlist: x") }
        #expect(throws: SpoolError.self) { try YtDlpFlatEntry(jsonLine: #"["a"]"#) }
        do {
            _ = try YtDlpFlatEntry(jsonLine: "{truncated")
        } catch {
            #expect(error.code == .malformedJSON)
        }
    }
}
