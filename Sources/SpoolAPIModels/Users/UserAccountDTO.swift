import Foundation
import SpoolCore

/// A user in `/api/users` (never the password hash).
public struct UserAccountDTO: Sendable, Codable, Hashable {
    /// Database id.
    public var id: Int64
    /// Login name.
    public var username: String
    /// Role.
    public var role: Role
    /// Whether the user is disabled (cannot log in, its tokens are refused).
    public var disabled: Bool
    /// When created.
    public var createdAt: Date

    /// The API view of a user.
    public init(_ user: User) {
        id = user.id
        username = user.username
        role = user.role
        disabled = user.disabled
        createdAt = user.createdAt
    }
}
