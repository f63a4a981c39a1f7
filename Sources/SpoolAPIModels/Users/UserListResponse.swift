/// The body of `GET /api/users`.
public struct UserListResponse: Sendable, Codable, Hashable {
    /// Every user, by id.
    public var users: [UserAccountDTO]

    /// Creates the response.
    public init(users: [UserAccountDTO]) {
        self.users = users
    }
}
