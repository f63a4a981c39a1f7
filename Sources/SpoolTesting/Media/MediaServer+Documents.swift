import Foundation

/// Documents served from memory: a feed a test rewrites between checks, a page, a canned error.
/// A published path hides a file of the same name in the folder until it is removed.
extension MediaServer {
    /// Serves `text` at `path` (status 200), replacing what was published there before.
    ///
    /// - Parameters:
    ///   - text: The document, sent as UTF-8.
    ///   - path: The path relative to the server's root, e.g. `feed.xml`.
    ///   - contentType: The `Content-Type`; by default guessed from the path's extension
    ///     (`.xml`, `.rss`, `.atom`, `.html`, `.json`…).
    /// - Returns: The document's URL.
    @discardableResult
    public func publish(_ text: String, at path: String, contentType: String? = nil) -> String {
        let type = contentType ?? FileResponder.contentType(of: URL(fileURLWithPath: path))
        setDocument(ServedDocument(status: 200, contentType: type, body: Array(text.utf8), headers: []), at: path)
        return url(for: path)
    }

    /// Answers every request for `path` with `status` and a short text body, e.g. 429 to simulate a
    /// site's rate limit (with `Retry-After: 3600`) or 500.
    ///
    /// - Returns: The path's URL.
    @discardableResult
    public func fail(_ path: String, status: Int, body: String? = nil) -> String {
        let text = body ?? (status == 429 ? "Too Many Requests\n" : "Error \(status)\n")
        let headers: [(name: String, value: String)] = status == 429 ? [("Retry-After", "3600")] : []
        setDocument(ServedDocument(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8), headers: headers), at: path)
        return url(for: path)
    }

    /// Stops serving what ``publish(_:at:contentType:)`` or ``fail(_:status:body:)`` put at `path`.
    public func unpublish(_ path: String) {
        setDocument(nil, at: path)
    }

    /// Publishes an RSS 2.0 feed of `items` (see ``TestFeed/rss(title:items:)``) at `path`.
    ///
    /// - Returns: The feed's URL.
    @discardableResult
    public func publishRSS(title: String = "Test feed", items: [TestFeed.Item], at path: String = "feed.xml") -> String {
        publish(TestFeed.rss(title: title, link: baseURL + "/", items: items), at: path, contentType: "application/rss+xml; charset=utf-8")
    }
}
