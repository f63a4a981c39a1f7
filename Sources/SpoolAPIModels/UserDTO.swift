import SpoolCore

/// A user as the API shows it (never the password hash).
public struct UserDTO: Sendable, Codable, Hashable {
    /// Login name.
    public var username: String
    /// Role.
    public var role: Role

    /// The API view of a user.
    public init(_ user: User) {
        username = user.username
        role = user.role
    }
}
