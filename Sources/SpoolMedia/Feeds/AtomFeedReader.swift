import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SpoolCore

/// Reads a channel's Atom feed over HTTP (SpoolCore's ``FeedReader``): the fast check polls
/// YouTube's `https://www.youtube.com/feeds/videos.xml?channel_id=UC…` (the latest 15 uploads)
/// and only looks up ids it has not seen.
///
/// The feed is parsed by ``AtomFeed`` (Spool's own small XML reader, no libxml2). HTTP 429 is
/// `rate_limited`; any other non-2xx answer, a transport failure, a body over
/// ``Configuration/maxBodyBytes`` or a document that is not an Atom feed is `download_failed`
/// naming the URL.
public struct AtomFeedReader: FeedReader {
    /// Reader settings.
    public struct Configuration: Sendable, Hashable {
        /// The largest feed read (YouTube's is ~30 KB).
        public var maxBodyBytes: Int
        /// How long one fetch may take.
        public var timeout: Duration
        /// The `User-Agent` header.
        public var userAgent: String

        /// Creates settings.
        public init(maxBodyBytes: Int = 4 << 20, timeout: Duration = .seconds(30), userAgent: String = "Spool feed reader") {
            self.maxBodyBytes = maxBodyBytes
            self.timeout = timeout
            self.userAgent = userAgent
        }
    }

    /// The settings.
    public let configuration: Configuration
    private let httpClient: HTTPClient
    private let logger: Logger

    /// Creates a reader on `httpClient` (owned by the caller; `.shared` by default).
    public init(httpClient: HTTPClient = .shared, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "spool.media.feed")) {
        self.httpClient = httpClient
        self.configuration = configuration
        self.logger = logger
    }

    /// The entries of the Atom or RSS 2.0 feed at `feedURL`, in the feed's order (newest first for
    /// YouTube); Atom entries without an id or a URL are left out (see ``RSSFeed`` for RSS).
    ///
    /// - Throws: ``SpoolError`` `.rateLimited` on HTTP 429, `.downloadFailed` otherwise;
    ///   `CancellationError` when cancelled.
    public func entries(of feedURL: String) async throws -> [ListedEntry] {
        let feed: AtomFeed
        do {
            let xml = try await fetch(feedURL)
            if let rss = try Self.rss(xml) { return rss.entries }
            feed = try AtomFeed(xml: xml)
        } catch let error as SpoolError where error.code == .downloadFailed && !error.message.contains(feedURL) {
            throw SpoolError(.downloadFailed, "cannot read the feed \(feedURL): \(error.message)")
        }
        let entries = feed.entries.compactMap(\.listedEntry)
        if entries.count < feed.entries.count {
            logger.notice(
                "skipped feed entries without an id or a link",
                metadata: ["feed.url": "\(feedURL)", "feed.skipped": "\(feed.entries.count - entries.count)"]
            )
        }
        return entries
    }

    /// The document as RSS when its root is `<rss>`, else nil (then it is read as Atom).
    static func rss(_ xml: String) throws(SpoolError) -> RSSFeed? {
        guard xml.utf8.count < 64 || xml.prefix(4096).contains("<rss") else { return nil }
        let root: MiniXML.Element
        do {
            root = try MiniXML.parse(xml)
        } catch {
            throw SpoolError(.downloadFailed, "the feed is not valid XML (\(error))")
        }
        guard root.localName == "rss" else { return nil }
        return try RSSFeed(root: root)
    }

    /// GETs `url` and returns its body as text.
    private func fetch(_ url: String) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
        let status: UInt
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(configuration.timeout))
            status = response.status.code
            guard (200..<300).contains(status) else {
                throw Self.failure(status: status, reason: response.status.reasonPhrase, url: url)
            }
            body = try await response.body.collect(upTo: configuration.maxBodyBytes)
        } catch let error as SpoolError {
            throw error
        } catch is NIOTooManyBytesError {
            throw SpoolError(.downloadFailed, "cannot read the feed \(url): it is larger than \(configuration.maxBodyBytes / 1024) KiB")
        } catch {
            try Task.checkCancellation()
            if let client = error as? HTTPClientError, client == .cancelled { throw CancellationError() }
            throw SpoolError(.downloadFailed, "cannot read the feed \(url): \(error)")
        }
        return String(decoding: body.readableBytesView, as: UTF8.self)
    }

    /// The error for a non-2xx answer.
    static func failure(status: UInt, reason: String, url: String) -> SpoolError {
        let answer = "HTTP \(status)\(reason.isEmpty ? "" : " \(reason)")"
        if status == 429 {
            return SpoolError(.rateLimited, "the site refused the feed \(url) for now (\(answer))")
        }
        return SpoolError(.downloadFailed, "cannot read the feed \(url): \(answer)")
    }
}
