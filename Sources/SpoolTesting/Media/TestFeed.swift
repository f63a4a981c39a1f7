import Foundation

/// Feeds and pages for archive tests, written as text for a ``MediaServer`` to publish
/// (``MediaServer/publish(_:at:contentType:)``):
///
/// - an RSS 2.0 feed (``rss(title:link:items:)``), which yt-dlp's generic extractor reads as a
///   playlist: `<guid>` → id, `<pubDate>` → timestamp, `<enclosure url>` → the media,
///   `<itunes:duration>` → duration;
/// - a YouTube-style Atom feed (``atom(channelID:title:entries:)``) for the fast check;
/// - an HTML page with several `<video src>` tags (``videoPage(title:sources:)``), which yt-dlp
///   lists as a playlist with ids `<page>-1`, `<page>-2`, ….
///
/// Many items may share one small media file (``items(_:media:firstPublished:interval:duration:idPrefix:titlePrefix:)``):
/// yt-dlp takes an RSS item's id from its guid, so distinct guids make distinct videos.
public enum TestFeed {
    /// One RSS item.
    public struct Item: Sendable, Hashable {
        /// The `<guid>` (yt-dlp's id for the item).
        public var id: String
        /// The `<title>`.
        public var title: String
        /// The `<pubDate>`.
        public var published: Date
        /// The `<enclosure url>`: the media file.
        public var mediaURL: String
        /// The `<itunes:duration>` in seconds, written `H:MM:SS`; nil leaves it out.
        public var duration: Int?

        /// Creates an item.
        public init(id: String, title: String, published: Date, mediaURL: String, duration: Int? = nil) {
            self.id = id
            self.title = title
            self.published = published
            self.mediaURL = mediaURL
            self.duration = duration
        }
    }

    /// An RSS 2.0 feed with the iTunes namespace.
    ///
    /// - Parameters:
    ///   - title: The channel's title.
    ///   - link: The channel's `<link>`.
    ///   - items: The items in feed order (newest first, as feeds list them).
    public static func rss(title: String, link: String = "http://127.0.0.1/", items: [Item]) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
        <channel>
        <title>\(escaped(title))</title>
        <link>\(escaped(link))</link>
        <description>\(escaped(title)) (generated for tests)</description>

        """
        for item in items {
            xml += "<item>\n"
            xml += "  <guid isPermaLink=\"false\">\(escaped(item.id))</guid>\n"
            xml += "  <title>\(escaped(item.title))</title>\n"
            xml += "  <pubDate>\(rfc822(item.published))</pubDate>\n"
            xml += "  <enclosure url=\"\(escaped(item.mediaURL))\" type=\"video/mp4\" length=\"0\"/>\n"
            if let duration = item.duration {
                xml += "  <itunes:duration>\(clock(duration))</itunes:duration>\n"
            }
            xml += "</item>\n"
        }
        xml += "</channel>\n</rss>\n"
        return xml
    }

    /// Items numbered `numbers`, newest (highest number) first, sharing the files in `media`.
    ///
    /// Item `n` has the guid `<idPrefix>-<n>`, the title `<titlePrefix> <n>`, was published at
    /// `firstPublished + (n - 1) × interval`, and points at `media[(n - 1) % media.count]`. Growing the
    /// range (`1...5`, then `1...7`) adds two newer items on top, as a feed does.
    ///
    /// - Parameters:
    ///   - numbers: The item numbers; `1...2000` for a big feed needs no more files than `media` holds.
    ///   - media: The enclosure URLs (at least one), e.g. from ``MediaServer/url(for:)``.
    ///   - firstPublished: When item 1 was published (2023-11-14 22:13:20 UTC by default).
    ///   - interval: The time between two items (an hour by default).
    ///   - duration: Each item's `<itunes:duration>`, nil to leave it out.
    ///   - idPrefix: The guid's prefix.
    ///   - titlePrefix: The title's prefix.
    public static func items(
        _ numbers: ClosedRange<Int>, media: [String], firstPublished: Date = Date(timeIntervalSince1970: 1_700_000_000),
        interval: TimeInterval = 3600, duration: Int? = nil, idPrefix: String = "item", titlePrefix: String = "Episode"
    ) -> [Item] {
        precondition(!media.isEmpty, "TestFeed.items needs at least one media URL")
        return numbers.reversed().map { number in
            Item(
                id: "\(idPrefix)-\(number)", title: "\(titlePrefix) \(number)",
                published: firstPublished.addingTimeInterval(TimeInterval(number - 1) * interval),
                mediaURL: media[(number - 1) % media.count], duration: duration
            )
        }
    }

    /// Small generated clips (`clip-1.mp4`, `clip-2.mp4`, …, 160×90) placed in `directory`, for
    /// items to share; clip `i` lasts `seconds + i - 1` seconds so the files differ.
    ///
    /// - Returns: The file names, relative to `directory` (pass them to ``MediaServer/url(for:)``).
    public static func makeClips(count: Int = 1, seconds: Int = 1, in directory: URL) async throws -> [String] {
        var names: [String] = []
        for index in 1...max(1, count) {
            let name = "clip-\(index).mp4"
            _ = try await TestMedia.generateVideo(
                seconds: seconds + index - 1, width: 160, height: 90, to: directory.appendingPathComponent(name)
            )
            names.append(name)
        }
        return names
    }

    /// An HTML page with one `<video src>` per source; yt-dlp's generic extractor lists it as a
    /// playlist whose entries have the ids `<page name>-1`, `<page name>-2`, … in page order.
    public static func videoPage(title: String, sources: [String]) -> String {
        var html = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>\(escaped(title))</title></head>\n<body>\n"
        html += "<h1>\(escaped(title))</h1>\n"
        for source in sources {
            html += "<video controls src=\"\(escaped(source))\"></video>\n"
        }
        html += "</body>\n</html>\n"
        return html
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` written as XML entities.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// RFC 822 with a numeric zone: `Tue, 14 Nov 2023 22:13:20 +0000`.
    static func rfc822(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(
            format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) +0000",
            locale: Locale(identifier: "en_US_POSIX"), timeZone: .gmt, calendar: Calendar(identifier: .gregorian)
        ))
    }

    /// ISO 8601 with a `+00:00` zone, as YouTube's feed writes it: `2023-11-14T22:13:20+00:00`.
    static func iso8601(_ date: Date) -> String {
        let text = date.formatted(Date.ISO8601FormatStyle())
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }

    /// `H:MM:SS`.
    private static func clock(_ seconds: Int) -> String {
        String(format: "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }
}
