import SpoolCore

/// The body of `POST /api/auth/login`.
public struct LoginRequest: Sendable, Codable, Hashable {
    /// Login name.
    public var username: String
    /// Password.
    public var password: String

    /// Creates a login request.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// Decodes strictly: both members are required, nothing else is allowed.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let username = try c.decodeIfPresent(String.self, forKey: .username), !username.isEmpty,
              let password = try c.decodeIfPresent(String.self, forKey: .password), !password.isEmpty
        else {
            throw SpoolError(.invalidInput, "username and password are required")
        }
        self.username = username
        self.password = password
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case username, password
    }
}
