import Foundation
import SpoolCore

/// An Atom feed read into entries: YouTube's channel feed (`/feeds/videos.xml?channel_id=…`, the
/// latest 15 uploads) or any other Atom feed.
///
/// Elements are matched by namespace, not by prefix: Atom (`http://www.w3.org/2005/Atom`) for
/// `feed`, `entry`, `id`, `title`, `link`, `published`, `updated`, and YouTube's
/// (`http://www.youtube.com/xml/schemas/2015`) for `videoId` and `channelId`.
public struct AtomFeed: Sendable, Hashable {
    /// Atom's namespace.
    public static let atomNamespace = "http://www.w3.org/2005/Atom"
    /// YouTube's feed namespace (`yt:`).
    public static let youTubeNamespace = "http://www.youtube.com/xml/schemas/2015"

    /// One `<entry>`.
    public struct Entry: Sendable, Hashable {
        /// `<id>`, e.g. `yt:video:dQw4w9WgXcQ` or `tag:example.com,2024:post-7`.
        public var id: String?
        /// `<yt:videoId>`.
        public var videoID: String?
        /// `<yt:channelId>`.
        public var channelID: String?
        /// `<title>`, entities decoded, surrounding whitespace trimmed.
        public var title: String?
        /// The `href` of `<link rel="alternate">` (or of a `<link>` without `rel`).
        public var link: String?
        /// `<published>`.
        public var published: Date?
        /// `<updated>`.
        public var updated: Date?

        /// The video's id: `yt:videoId`, else what follows the last `:` of `<id>`.
        public var mediaID: String? {
            if let videoID, !videoID.isEmpty { return videoID }
            guard let id, let last = id.split(separator: ":").last, !last.isEmpty else { return nil }
            return String(last)
        }

        /// The entry for the archive, or nil without an id or a URL: extractor `youtube` when the
        /// entry has a `yt:videoId` (its URL then defaults to the watch page), else `generic`; a
        /// link under `/shorts/` is a Short. A feed has no tabs, so the tab is ``SourceTab/all``.
        public var listedEntry: ListedEntry? {
            guard let mediaID else { return nil }
            let isYouTube = !(videoID ?? "").isEmpty
            guard let url = link ?? (isYouTube ? "https://www.youtube.com/watch?v=\(mediaID)" : nil) else { return nil }
            return ListedEntry(
                mediaID: mediaID, extractor: isYouTube ? "youtube" : "generic", url: url, title: title,
                publishedAt: published ?? updated, tab: .all, isShort: url.contains("/shorts/")
            )
        }
    }

    /// The feed's `<title>`.
    public var title: String?
    /// The entries in document order (newest first in YouTube's feed).
    public var entries: [Entry]

    /// Reads an Atom document.
    ///
    /// - Throws: ``SpoolError`` `.downloadFailed` when it is not well-formed XML or not an Atom feed.
    public init(xml: String) throws(SpoolError) {
        let root: MiniXML.Element
        do {
            root = try MiniXML.parse(xml)
        } catch {
            throw SpoolError(.downloadFailed, "the feed is not valid XML (\(error))")
        }
        guard root.localName == "feed", root.namespace == Self.atomNamespace else {
            throw SpoolError(.downloadFailed, "the document is not an Atom feed (its root is <\(root.qualifiedName)>)")
        }
        title = root.child("title", in: Self.atomNamespace).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        entries = root.children("entry", in: Self.atomNamespace).map(Self.entry)
    }

    private static func entry(_ element: MiniXML.Element) -> Entry {
        func text(_ name: String, _ namespace: String = atomNamespace) -> String? {
            element.child(name, in: namespace).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        let links = element.children("link", in: atomNamespace)
        let alternate = links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" && $0.attributes["href"] != nil }
        return Entry(
            id: text("id"), videoID: text("videoId", youTubeNamespace), channelID: text("channelId", youTubeNamespace),
            title: text("title"), link: alternate?.attributes["href"]?.trimmingCharacters(in: .whitespaces),
            published: text("published").flatMap(parseDate), updated: text("updated").flatMap(parseDate)
        )
    }

    /// An RFC 3339 / ISO 8601 instant: `2023-11-14T22:13:20+00:00`, `…Z`, `….123Z`, `…+0530`.
    public static func parseDate(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard scalars.count >= 19, scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-"),
              scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: "t") || scalars[10] == UInt8(ascii: " "),
              scalars[13] == UInt8(ascii: ":"), scalars[16] == UInt8(ascii: ":"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            var scale = 0.1
            index += 1
            while index < scalars.count, (0x30...0x39).contains(scalars[index]) {
                fraction += Double(scalars[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < scalars.count, scalars[index] == UInt8(ascii: "Z") || scalars[index] == UInt8(ascii: "z") {
            index += 1
        } else if index < scalars.count, scalars[index] == UInt8(ascii: "+") || scalars[index] == UInt8(ascii: "-") {
            let sign = scalars[index] == UInt8(ascii: "-") ? -1 : 1
            let hasColon = index + 3 < scalars.count && scalars[index + 3] == UInt8(ascii: ":")
            guard let hours = number((index + 1)..<(index + 3)),
                  let minutes = hasColon ? number((index + 4)..<(index + 6)) : number((index + 3)..<(index + 5))
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
            index += hasColon ? 6 : 5
        } else {
            return nil
        }
        guard index == scalars.count else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }
}
