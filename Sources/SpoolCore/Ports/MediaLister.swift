import Foundation

/// Lists the videos of a channel tab, playlist or feed without downloading them (yt-dlp's flat
/// playlist in SpoolMedia), as a stream: entries arrive while the listing runs, and the caller
/// may stop reading at any point (the listing process is then stopped).
public protocol MediaLister: Sendable {
    /// The entries of `request`, in the site's order; throws ``SpoolError`` `rate_limited` when the
    /// site refused for rate (HTTP 429, "confirm you're not a bot"), else `download_failed` or `tool_failed`.
    func list(_ request: ListingRequest) -> AsyncThrowingStream<ListedEntry, any Error>
}

/// One listing: a URL, the tab it stands for, and where to start.
public struct ListingRequest: Sendable, Hashable {
    /// The tab or playlist URL.
    public var url: String
    /// Which tab the entries are filed under.
    public var tab: SourceTab
    /// Entries to skip (a resumed index starts after them).
    public var skip: Int

    /// Creates a request.
    public init(url: String, tab: SourceTab, skip: Int = 0) {
        self.url = url
        self.tab = tab
        self.skip = skip
    }
}

/// Reads a feed of a source's newest entries (YouTube's Atom feed holds the latest 15).
public protocol FeedReader: Sendable {
    /// The feed's entries, newest first; throws ``SpoolError`` `rate_limited` on HTTP 429, else
    /// `download_failed` when it cannot be read.
    func entries(of feedURL: String) async throws -> [ListedEntry]
}
