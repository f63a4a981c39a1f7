import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

/// The Atom feed reader over real HTTP against feeds ``MediaServer`` publishes on 127.0.0.1.
@Suite("Atom feed reader")
struct AtomFeedReaderTests {
    static let entries = [
        TestFeed.AtomEntry(videoID: "newVideo001", title: "New & shiny", published: Date(timeIntervalSince1970: 1_700_007_200)),
        TestFeed.AtomEntry(videoID: "oldVideo001", title: "Old", published: Date(timeIntervalSince1970: 1_700_000_000)),
    ]

    @Test("reads a published YouTube-style feed, and sees it change")
    func fetches() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let url = server.publish(TestFeed.atom(channelID: "UCtest", title: "Test", entries: Self.entries), at: "feeds/videos.xml")
            let reader = AtomFeedReader()
            let first = try await reader.entries(of: url)
            #expect(first.map(\.mediaID) == ["newVideo001", "oldVideo001"])
            #expect(first[0].title == "New & shiny" && first[0].extractor == "youtube")
            #expect(first[0].url == "https://www.youtube.com/watch?v=newVideo001")
            #expect(first[0].publishedAt == Date(timeIntervalSince1970: 1_700_007_200))

            let newer = TestFeed.AtomEntry(videoID: "newest00001", title: "Newest", published: Date(timeIntervalSince1970: 1_700_010_000))
            server.publish(TestFeed.atom(channelID: "UCtest", title: "Test", entries: [newer] + Self.entries), at: "feeds/videos.xml")
            #expect(try await reader.entries(of: url).map(\.mediaID) == ["newest00001", "newVideo001", "oldVideo001"])
        }
    }

    @Test("HTTP 429 is rate_limited; 404 and 500 are download_failed naming the URL and the status")
    func failures() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let reader = AtomFeedReader()
            let limited = server.fail("limited.xml", status: 429)
            let refusal = await #expect(throws: SpoolError.self) { try await reader.entries(of: limited) }
            #expect(refusal?.code == .rateLimited && refusal?.message.contains("429") == true)

            let missing = server.url(for: "missing.xml")
            let notFound = await #expect(throws: SpoolError.self) { try await reader.entries(of: missing) }
            #expect(notFound == SpoolError(.downloadFailed, "cannot read the feed \(missing): HTTP 404 Not Found"))

            let broken = server.fail("broken.xml", status: 500)
            let serverError = await #expect(throws: SpoolError.self) { try await reader.entries(of: broken) }
            #expect(serverError?.code == .downloadFailed && serverError?.message.contains("HTTP 500") == true)
        }
    }

    @Test("a body that is not an Atom feed, or too large, is download_failed naming the URL")
    func badBodies() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let html = server.publish("<html><body>Sign in</body></html>", at: "page.html")
            let notAtom = await #expect(throws: SpoolError.self) { try await AtomFeedReader().entries(of: html) }
            #expect(notAtom?.code == .downloadFailed && notAtom?.message.contains(html) == true)
            #expect(notAtom?.message.contains("not an Atom feed") == true)

            let truncated = server.publish("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>", at: "truncated.xml")
            let malformed = await #expect(throws: SpoolError.self) { try await AtomFeedReader().entries(of: truncated) }
            #expect(malformed?.code == .downloadFailed && malformed?.message.contains("malformed XML") == true)

            let big = server.publish(TestFeed.atom(channelID: "UCtest", title: String(repeating: "x", count: 20_000), entries: Self.entries), at: "big.xml")
            let small = AtomFeedReader(configuration: .init(maxBodyBytes: 8 * 1024))
            let tooLarge = await #expect(throws: SpoolError.self) { try await small.entries(of: big) }
            #expect(tooLarge?.code == .downloadFailed && tooLarge?.message.contains("larger than 8 KiB") == true)
        }
    }

    @Test("a server that is not there is download_failed once the timeout has passed")
    func refused() async throws {
        // AsyncHTTPClient retries a refused connection until the request's deadline.
        let reader = AtomFeedReader(configuration: .init(timeout: .seconds(2)))
        let error = await #expect(throws: SpoolError.self) { try await reader.entries(of: "http://127.0.0.1:9/feed.xml") }
        #expect(error?.code == .downloadFailed && error?.message.contains("http://127.0.0.1:9/feed.xml") == true)
        #expect(error?.message.lowercased().contains("connection refused") == true, "\(String(describing: error))")
    }
}
