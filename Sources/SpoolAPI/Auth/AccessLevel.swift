import SpoolCore

/// The least a caller must be to use an operation: declared per operation in `openapi.yaml`
/// (`x-spool-role`) and enforced by ``AccessPolicyMiddleware``.
public enum AccessLevel: String, Sendable, CaseIterable, Hashable, Comparable {
    /// Anyone, without a token (health, the OpenAPI document, login, signed file links).
    case `public`
    /// Any signed-in user: reading.
    case viewer
    /// Users and admins: adding and controlling jobs, sources and profiles.
    case user
    /// Admins only: webhooks, users, settings, processing and storage configuration, audit.
    case admin

    /// Whether a user with `role` may use an operation of this level.
    public func admits(_ role: Role) -> Bool {
        Self.level(of: role) >= self
    }

    /// The level a role reaches.
    public static func level(of role: Role) -> AccessLevel {
        switch role {
        case .admin: .admin
        case .user: .user
        case .viewer: .viewer
        }
    }

    /// Orders levels from `public` (least) to `admin` (most).
    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
