import Foundation
import SpoolCore
import SpoolTesting
import Testing

@testable import SpoolMedia

@Suite("RSS feeds read by Spool")
struct RSSFeedTests {
    @Test("items read as yt-dlp lists them: guid, smuggled media URL, title, date, duration")
    func items() throws {
        let published = Date(timeIntervalSince1970: 1_700_000_000)
        let xml = TestFeed.rss(title: "Show", items: [
            TestFeed.Item(id: "ep-2", title: "Two & more", published: published.addingTimeInterval(3600), mediaURL: "http://127.0.0.1:9/b.mp4", duration: 3725),
            TestFeed.Item(id: "ép 1", title: "One", published: published, mediaURL: "http://127.0.0.1:9/a.mp4"),
        ])
        let entries = try RSSFeed(xml: xml).entries
        #expect(entries.map(\.mediaID) == ["ep-2", "ép 1"])
        #expect(entries[0].title == "Two & more" && entries[0].duration == 3725 && entries[0].extractor == "generic")
        #expect(entries[0].publishedAt == published.addingTimeInterval(3600) && entries[1].publishedAt == published)
        // Exactly what yt-dlp's smuggle_url gives for these (checked against yt-dlp 2026.11.23).
        #expect(entries[0].url == "http://127.0.0.1:9/b.mp4#__youtubedl_smuggle=%7B%22force_videoid%22%3A+%22ep-2%22%7D")
        #expect(entries[1].url == "http://127.0.0.1:9/a.mp4#__youtubedl_smuggle=%7B%22force_videoid%22%3A+%22%5Cu00e9p+1%22%7D")
    }

    @Test("dates and durations in the forms feeds use; bad documents are refused with a reason")
    func forms() throws {
        #expect(RSSFeed.parseDate("Tue, 14 Nov 2023 22:13:20 +0000") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(RSSFeed.parseDate("14 Nov 2023 23:13:20 +0100") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(RSSFeed.parseDate("Tue, 14 Nov 2023 22:13:20 GMT") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(RSSFeed.parseDate("Tue, 14 Nov 2023 22:13 GMT") == Date(timeIntervalSince1970: 1_699_999_980))
        #expect(RSSFeed.parseDate("yesterday") == nil && RSSFeed.parseDate("Tue, 14 Foo 2023 22:13:20 GMT") == nil)
        #expect(RSSFeed.parseDuration("1:02:05") == 3725 && RSSFeed.parseDuration("02:05") == 125 && RSSFeed.parseDuration("90") == 90)
        #expect(RSSFeed.parseDuration("x") == nil)
        #expect(throws: SpoolError.self) { try RSSFeed(xml: "<feed/>") }
        #expect(throws: SpoolError.self) { try RSSFeed(xml: "<rss><channel><item><enclosure url='u'/></item></channel></rss>") }
        #expect(throws: SpoolError.self) { try RSSFeed(xml: "<rss><channel>") }
        #expect(try RSSFeed(xml: "<rss><channel><item><title>no media</title></item></channel></rss>").entries.isEmpty)
    }
}
