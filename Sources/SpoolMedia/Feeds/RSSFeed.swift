import Foundation
import SpoolCore

/// An RSS 2.0 feed read into entries the way yt-dlp's generic extractor lists it: the `<guid>` is
/// the id, the `<enclosure url>` (else `<link>`) the media, `<pubDate>` the date and
/// `<itunes:duration>` the length. Spool reads a feed source's incremental checks with it, so a
/// check stops at the first known guids without yt-dlp parsing the whole feed first.
public struct RSSFeed: Sendable, Hashable {
    /// The iTunes podcast namespace (`itunes:`).
    public static let iTunesNamespace = "http://www.itunes.com/dtds/podcast-1.0.dtd"

    /// The items in document order, as the listing yields them (extractor `generic`, the URL with
    /// the guid attached as yt-dlp's `force_videoid`, so a download keeps the guid as its id).
    public var entries: [ListedEntry]

    /// Reads an RSS 2.0 document.
    ///
    /// - Throws: ``SpoolError`` `.downloadFailed` when it is not well-formed XML, not RSS, or has an
    ///   item with a URL but no guid (yt-dlp would give that item another id: list it with yt-dlp).
    public init(xml: String) throws(SpoolError) {
        let root: MiniXML.Element
        do {
            root = try MiniXML.parse(xml)
        } catch {
            throw SpoolError(.downloadFailed, "the feed is not valid XML (\(error))")
        }
        try self.init(root: root)
    }

    /// Reads a parsed document whose root is `<rss>`.
    init(root: MiniXML.Element) throws(SpoolError) {
        guard root.localName == "rss", root.namespace == nil, let channel = root.children.first(where: { $0.localName == "channel" && $0.namespace == nil }) else {
            throw SpoolError(.downloadFailed, "the document is not an RSS feed (its root is <\(root.qualifiedName)>)")
        }
        var entries: [ListedEntry] = []
        for item in channel.children where item.localName == "item" && item.namespace == nil {
            func text(_ name: String, _ namespace: String? = nil) -> String? {
                let value = item.children.first { $0.localName == name && $0.namespace == namespace }?.text
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                return value?.isEmpty == false ? value : nil
            }
            let enclosure = item.children.first { $0.localName == "enclosure" && $0.namespace == nil }?.attributes["url"]
            guard let media = enclosure ?? text("link") else { continue }
            guard let guid = text("guid") else {
                throw SpoolError(.downloadFailed, "an item of the feed has no <guid>")
            }
            entries.append(ListedEntry(
                mediaID: guid, extractor: "generic", url: Self.smuggled(media, videoID: guid), title: text("title"),
                publishedAt: text("pubDate").flatMap(Self.parseDate), duration: text("duration", Self.iTunesNamespace).flatMap(Self.parseDuration)
            ))
        }
        self.entries = entries
    }

    /// `url#__youtubedl_smuggle=…` carrying `{"force_videoid": id}`, byte for byte as yt-dlp's
    /// `smuggle_url` writes it (JSON with `": "`, form-encoded), the URL yt-dlp lists an RSS item under.
    public static func smuggled(_ url: String, videoID: String) -> String {
        let json = "{\"force_videoid\": \(Self.jsonString(videoID))}"
        return url + "#__youtubedl_smuggle=" + formEncoded(json)
    }

    /// A JSON string literal as Python's `json.dumps` writes it (non-ASCII escaped as `\uXXXX`).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.append(Character(Unicode.Scalar(UInt8(unit))))
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }

    /// `application/x-www-form-urlencoded` as Python's `quote_plus` writes it.
    static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// An RFC 822 date (`Mon, 05 Jan 2024 10:00:00 +0000`; weekday and seconds optional; the zone
    /// an offset, `GMT`, `UT`, `UTC` or `Z`). Hand-parsed: a feed has thousands of them.
    public static func parseDate(_ text: String) -> Date? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        if let first = words.first, Int(first) == nil { words.removeFirst() }
        guard words.count >= 4, let day = Int(words[0]), let year = Int(words[2]), (1...31).contains(day),
              let month = months.firstIndex(of: words[1].prefix(3).lowercased()).map({ $0 + 1 }) else { return nil }
        let time = words[3].split(separator: ":").map { Int($0) }
        guard (2...3).contains(time.count), time.allSatisfy({ $0 != nil }), let hour = time[0], let minute = time[1],
              hour < 24, minute < 60 else { return nil }
        let second = time.count == 3 ? time[2] ?? 0 : 0
        var offset = 0
        if words.count >= 5 {
            let zone = words[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offset = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
            } else if !["GMT", "UT", "UTC", "Z"].contains(zone.uppercased()) {
                return nil
            }
        }
        var components = DateComponents()
        components.year = year < 100 ? 2000 + year : year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        guard let date = utc.date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offset))
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `H:MM:SS`, `MM:SS` or plain seconds.
    public static func parseDuration(_ text: String) -> Double? {
        let parts = text.split(separator: ":").map { Double($0) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        return parts.reduce(0) { $0 * 60 + ($1 ?? 0) }
    }
}
