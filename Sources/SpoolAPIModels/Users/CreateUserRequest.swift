import SpoolCore

/// The body of `POST /api/users`.
public struct CreateUserRequest: Sendable, Codable, Hashable {
    /// Login name.
    public var username: String
    /// Password (at least 8 characters).
    public var password: String
    /// Role; `user` when absent.
    public var role: Role

    /// Creates a request.
    public init(username: String, password: String, role: Role = .user) {
        self.username = username
        self.password = password
        self.role = role
    }

    /// Decodes strictly: name and password are required.
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
        self.role = try Self.role(c, .role) ?? .user
    }

    /// The role under `key`, nil when the member is absent; throws `invalid_input` for `null`, a
    /// non-string or an unknown name.
    static func role<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Role? {
        guard c.contains(key) else { return nil }
        guard let name = try? c.decode(String.self, forKey: key), let role = Role(rawValue: name) else {
            throw SpoolError(.invalidInput, "role must be admin, user or viewer")
        }
        return role
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case username, password, role
    }
}
