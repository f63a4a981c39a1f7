import Foundation

/// `POST /api/auth/login`: a session token for the `Authorization: Bearer` header.
public struct LoginResponse: Sendable, Codable, Hashable {
    /// The bearer token (`spl_<id>_<secret>`).
    public var token: String
    /// When the session ends.
    public var expiresAt: Date
    /// Who logged in.
    public var user: UserDTO

    /// Creates a login response.
    public init(token: String, expiresAt: Date, user: UserDTO) {
        self.token = token
        self.expiresAt = expiresAt
        self.user = user
    }
}
