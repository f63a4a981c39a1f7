/// An answer a ``MediaServer`` gives from memory instead of its folder: a published document
/// (status 200) or a canned failure (a 429, a 500), with its body and headers.
struct ServedDocument: Sendable {
    /// The HTTP status.
    var status: Int
    /// The `Content-Type` header.
    var contentType: String
    /// The body, sent whole (ranges are ignored).
    var body: [UInt8]
    /// Further headers, e.g. `Retry-After`.
    var headers: [(name: String, value: String)]
}
