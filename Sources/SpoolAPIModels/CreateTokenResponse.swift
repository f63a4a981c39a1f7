/// `POST /api/tokens`: the new API token. The secret is shown only in this response.
public struct CreateTokenResponse: Sendable, Codable, Hashable {
    /// Public id, used to revoke it.
    public var id: String
    /// Label.
    public var name: String
    /// The bearer token (`spl_<id>_<secret>`).
    public var token: String

    /// Creates a response.
    public init(id: String, name: String, token: String) {
        self.id = id
        self.name = name
        self.token = token
    }
}
