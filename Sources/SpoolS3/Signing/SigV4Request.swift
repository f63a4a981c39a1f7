/// What a SigV4 signature covers: the method, the path, the query, the headers and the payload.
///
/// The path and the query are given as they name things, not yet percent-encoded (`/bucket/a b.mp4`,
/// `prefix=videos/`); the signer encodes them the way S3 does, once, and ``SigV4Request/encodedPath``
/// and ``SigV4Request/encodedQuery`` give the same encoding for the URL that is sent.
public struct SigV4Request: Sendable {
    /// The HTTP method, e.g. `GET`.
    public var method: String
    /// The path, `/`-separated and not percent-encoded; empty means `/`.
    public var path: String
    /// Query parameters in any order, not percent-encoded; a parameter without a value has `""`.
    public var query: [(name: String, value: String)]
    /// Headers to sign (and send), `host` among them; a name may repeat.
    public var headers: [(name: String, value: String)]
    /// The payload's hash, or `UNSIGNED-PAYLOAD`.
    public var payload: SigV4Payload

    /// A request to sign.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], payload: SigV4Payload = .empty
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }

    /// The path with every segment percent-encoded once (RFC 3986 unreserved characters kept, `/`
    /// separating segments): the canonical URI, and the path to put in the URL.
    public var encodedPath: String {
        guard !path.isEmpty else { return "/" }
        let encoded = SigV4Encoding.encode(path, keepingSlashes: true)
        return encoded.hasPrefix("/") ? encoded : "/" + encoded
    }

    /// The query, names and values percent-encoded (RFC 3986), sorted by name then value and joined
    /// with `&`: the canonical query string, and the query to put in the URL.
    public var encodedQuery: String {
        SigV4Encoding.canonicalQuery(query)
    }
}
