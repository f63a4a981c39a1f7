import SpoolCore

/// Who made a request: the user and the token they presented.
public struct AuthenticatedUser: Sendable, Hashable {
    /// The user.
    public var user: User
    /// The session or API token used.
    public var token: APIToken

    /// Creates an identity.
    public init(user: User, token: APIToken) {
        self.user = user
        self.token = token
    }

    /// The user's role.
    public var role: Role { user.role }
}
