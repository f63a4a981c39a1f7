import Foundation
import SpoolCore
@testable import SpoolMedia
import Testing

/// Spool's own Atom reading (no libxml2). `youtube-channel-feed.xml` is written by hand in the
/// shape of YouTube's `/feeds/videos.xml?channel_id=…` (namespaces, `yt:videoId`, `media:group`).
@Suite("Atom feeds")
struct AtomFeedTests {
    @Test("a YouTube channel feed: ids, decoded titles, links, dates, the Short; entries newest first")
    func youTubeFeed() throws {
        let feed = try AtomFeed(xml: Fixture.text("youtube-channel-feed.xml"))
        #expect(feed.title == "Example Channel")
        let entries = feed.entries.compactMap(\.listedEntry)
        #expect(entries.map(\.mediaID) == ["Ab1_cD2-eF3", "Sh0rt000001", "LiveStream1"])
        #expect(entries.allSatisfy { $0.extractor == "youtube" && $0.tab == .all })
        #expect(entries[0].title == "Tom & Jerry's \"Best\" Bits <2025> 😀")
        #expect(entries[2].title == "Weekly stream — Q&A")
        #expect(entries[0].url == "https://www.youtube.com/watch?v=Ab1_cD2-eF3" && !entries[0].isShort)
        #expect(entries[1].url == "https://www.youtube.com/shorts/Sh0rt000001" && entries[1].isShort)
        #expect(entries[0].publishedAt == AtomFeed.parseDate("2025-11-20T17:00:06Z"))
        #expect(entries[0].publishedAt == Date(timeIntervalSince1970: 1_763_658_006))
        #expect(feed.entries[0].channelID == "UCuAXFkgsw1L7xaCfnd5JJOw")
        #expect(feed.entries[0].updated == Date(timeIntervalSince1970: 1_763_691_285))
    }

    @Test("a generic Atom feed: the id's last ':' part, any namespace prefix, CDATA, comments, a link without rel")
    func genericFeed() throws {
        let xml = """
        <?xml version="1.0"?>
        <!-- a blog -->
        <a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:y="http://www.youtube.com/xml/schemas/2015">
          <a:title type="html"><![CDATA[Posts & <b>news</b>]]></a:title>
          <a:entry>
            <a:id>tag:example.com,2024:post-7</a:id>
            <a:title>Seven</a:title>
            <a:link rel="enclosure" href="https://example.com/7.mp4"/>
            <a:link href='https://example.com/posts/7'/>
            <a:updated>2024-02-29T12:00:00.250-05:30</a:updated>
          </a:entry>
          <a:entry>
            <a:id>urn:uuid:1</a:id>
            <y:videoId>yt-from-another-prefix</y:videoId>
          </a:entry>
          <a:entry><a:title>no id, no link</a:title></a:entry>
        </a:feed>
        """
        let feed = try AtomFeed(xml: xml)
        #expect(feed.title == "Posts & <b>news</b>")
        let entries = feed.entries.compactMap(\.listedEntry)
        #expect(entries.count == 2)
        #expect(entries[0].mediaID == "post-7" && entries[0].extractor == "generic" && entries[0].url == "https://example.com/posts/7")
        #expect(entries[0].publishedAt == Date(timeIntervalSince1970: 1_709_227_800.25), "updated when there is no published; -05:30 applied")
        #expect(entries[1].mediaID == "yt-from-another-prefix" && entries[1].extractor == "youtube")
        #expect(entries[1].url == "https://www.youtube.com/watch?v=yt-from-another-prefix")
    }

    @Test("entities: the predefined five and numeric references are decoded; unknown ones stay as written")
    func entities() {
        #expect(MiniXML.decodeEntities(ArraySlice("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;".utf8)) == "a & b <c> \"d\" 'e'")
        #expect(MiniXML.decodeEntities(ArraySlice("&#233;t&#xE9; &#X1f600;".utf8)) == "été 😀")
        #expect(MiniXML.decodeEntities(ArraySlice("&nbsp; & &; &#0; &#xZZ; AT&T".utf8)) == "&nbsp; & &; &#0; &#xZZ; AT&T")
    }

    @Test("malformed documents give a clear error naming the line, never a crash", arguments: [
        ("", "no root element"),
        ("not xml at all", "text outside the root element"),
        ("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>x</title>", "<entry> is never closed"),
        ("<feed>\n<entry>\n</feed>", "</feed> closes <entry>"),
        ("<feed><title attr=unquoted>x</title></feed>", "is not quoted"),
        ("<feed><title attr=\"open>x</title></feed>", "is never closed"),
        ("<feed><!-- unterminated </feed>", "comment is never closed"),
        ("<feed/><feed/>", "a second root element"),
        ("<feed><entry", "is never finished"),
        ("<feed></feed>trailing", "text outside the root element"),
        (String(repeating: "<a>", count: 300), "nested deeper than 256"),
    ])
    func malformed(xml: String, reason: String) {
        #expect {
            _ = try MiniXML.parse(xml)
        } throws: { error in
            (error as? MiniXML.ParseError)?.reason.contains(reason) == true
        }
        #expect {
            _ = try AtomFeed(xml: xml)
        } throws: { error in
            let spool = error as? SpoolError
            return spool?.code == .downloadFailed && spool?.message.contains("malformed XML on line") == true
        }
    }

    @Test("the line of a malformed document is reported")
    func errorLine() {
        #expect(throws: MiniXML.ParseError(reason: "</feed> closes <entry>", line: 3)) { try MiniXML.parse("<feed>\n<entry>\n</feed>") }
    }

    @Test("a well-formed document that is not Atom, and a DOCTYPE's entities, are handled")
    func notAtom() throws {
        #expect {
            _ = try AtomFeed(xml: "<rss version=\"2.0\"><channel/></rss>")
        } throws: { error in
            (error as? SpoolError)?.message.contains("not an Atom feed (its root is <rss>)") == true
        }
        // A "billion laughs" DOCTYPE declares entities that are never expanded.
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE feed [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
        <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>yt:video:x1</id><title>&lol2;</title></entry></feed>
        """
        let feed = try AtomFeed(xml: laughs)
        #expect(feed.entries.first?.title == "&lol2;")
    }

    @Test("ISO 8601 dates: Z, offsets with and without a colon, fractions; nonsense is nil")
    func dates() {
        let instant = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(AtomFeed.parseDate("2023-11-14T22:13:20Z") == instant)
        #expect(AtomFeed.parseDate("2023-11-14T22:13:20+00:00") == instant)
        #expect(AtomFeed.parseDate("2023-11-15T00:13:20+0200") == instant)
        #expect(AtomFeed.parseDate("2023-11-14T21:13:20.5-01:00") == instant.addingTimeInterval(0.5))
        for bad in ["", "2023-11-14", "2023-11-14T22:13:20", "2023-13-14T22:13:20Z", "2023-11-14T22:13:20Zjunk", "yesterday"] {
            #expect(AtomFeed.parseDate(bad) == nil, "\(bad)")
        }
    }
}
