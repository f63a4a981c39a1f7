import Foundation

/// YouTube-style Atom feeds (`https://www.youtube.com/feeds/videos.xml?channel_id=…`), for the fast check.
extension TestFeed {
    /// One `<entry>` of a YouTube channel feed.
    public struct AtomEntry: Sendable, Hashable {
        /// The `<yt:videoId>` (and `yt:video:<id>` as `<id>`).
        public var videoID: String
        /// The `<title>` (and `<media:title>`).
        public var title: String
        /// The `<link rel="alternate" href>`; by default `https://www.youtube.com/watch?v=<id>`.
        public var link: String
        /// The `<published>` time.
        public var published: Date
        /// The `<updated>` time; by default ``published``.
        public var updated: Date
        /// The `<media:description>`.
        public var description: String

        /// Creates an entry.
        public init(videoID: String, title: String, link: String? = nil, published: Date, updated: Date? = nil, description: String = "") {
            self.videoID = videoID
            self.title = title
            self.link = link ?? "https://www.youtube.com/watch?v=\(videoID)"
            self.published = published
            self.updated = updated ?? published
            self.description = description
        }
    }

    /// A channel's Atom feed as YouTube serves it: the `yt` and `media` namespaces, the channel's
    /// `<yt:channelId>`, and one `<entry>` per video with `<id>yt:video:ID</id>`, `<yt:videoId>`,
    /// `<yt:channelId>`, `<title>`, `<link rel="alternate">`, `<author>`, `<published>`, `<updated>`
    /// and a `<media:group>` (title, content, thumbnail, description, community).
    ///
    /// - Parameters:
    ///   - channelID: The channel's id (`UC…`).
    ///   - title: The channel's name.
    ///   - entries: The entries, newest first (YouTube lists the latest 15).
    public static func atom(channelID: String, title: String, entries: [AtomEntry]) -> String {
        let channelURL = "https://www.youtube.com/channel/\(channelID)"
        let created = entries.map(\.published).min() ?? Date(timeIntervalSince1970: 1_600_000_000)
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
         <link rel="self" href="https://www.youtube.com/feeds/videos.xml?channel_id=\(channelID)"/>
         <id>yt:channel:\(escaped(String(channelID.dropFirst(2))))</id>
         <yt:channelId>\(escaped(channelID))</yt:channelId>
         <title>\(escaped(title))</title>
         <link rel="alternate" href="\(channelURL)"/>
         <author>
          <name>\(escaped(title))</name>
          <uri>\(channelURL)</uri>
         </author>
         <published>\(iso8601(created))</published>

        """
        for entry in entries {
            let id = escaped(entry.videoID)
            xml += """
             <entry>
              <id>yt:video:\(id)</id>
              <yt:videoId>\(id)</yt:videoId>
              <yt:channelId>\(escaped(channelID))</yt:channelId>
              <title>\(escaped(entry.title))</title>
              <link rel="alternate" href="\(escaped(entry.link))"/>
              <author>
               <name>\(escaped(title))</name>
               <uri>\(channelURL)</uri>
              </author>
              <published>\(iso8601(entry.published))</published>
              <updated>\(iso8601(entry.updated))</updated>
              <media:group>
               <media:title>\(escaped(entry.title))</media:title>
               <media:content url="https://www.youtube.com/v/\(id)?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
               <media:thumbnail url="https://i1.ytimg.com/vi/\(id)/hqdefault.jpg" width="480" height="360"/>
               <media:description>\(escaped(entry.description))</media:description>
               <media:community>
                <media:starRating count="12" average="5.00" min="1" max="5"/>
                <media:statistics views="345"/>
               </media:community>
              </media:group>
             </entry>

            """
        }
        xml += "</feed>\n"
        return xml
    }
}
