/// `GET /api/tokens`: the caller's tokens, newest first.
public struct TokenListResponse: Sendable, Codable, Hashable {
    /// The tokens.
    public var tokens: [TokenDTO]

    /// Creates a list.
    public init(tokens: [TokenDTO]) {
        self.tokens = tokens
    }
}
