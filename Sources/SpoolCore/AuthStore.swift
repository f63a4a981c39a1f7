import Foundation

/// What a user may do.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    /// Everything, including users and other people's tokens.
    case admin
    /// Add and control jobs.
    case user
    /// Read only.
    case viewer

    /// Whether the role may change jobs.
    public var canWrite: Bool { self != .viewer }
}

/// A person who can log in.
public struct User: Sendable, Codable, Hashable {
    /// Database id.
    public var id: Int64
    /// Login name.
    public var username: String
    /// bcrypt hash of the password.
    public var passwordHash: String
    /// Role.
    public var role: Role
    /// When created.
    public var createdAt: Date
    /// Whether the user is disabled: it cannot log in and its tokens are refused.
    public var disabled: Bool

    /// Creates a user record.
    public init(id: Int64 = 0, username: String, passwordHash: String, role: Role, createdAt: Date = Date(), disabled: Bool = false) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
        self.disabled = disabled
    }

    /// Whether the user is an administrator who can log in.
    public var isEnabledAdmin: Bool { role == .admin && !disabled }
}

/// A bearer credential: a login session or a named API token. Only its SHA-256 is stored.
public struct APIToken: Sendable, Codable, Hashable {
    /// Session (from login, expires) or API token (for the CLI, until revoked).
    public enum Kind: String, Sendable, Codable { case session, api }

    /// Public id (shown in lists, used to revoke).
    public var id: String
    /// Owner.
    public var userID: Int64
    /// Label given by the user.
    public var name: String
    /// Kind.
    public var kind: Kind
    /// Hex SHA-256 of the secret.
    public var secretHash: String
    /// When created.
    public var createdAt: Date
    /// When it stops working, if ever.
    public var expiresAt: Date?
    /// When last used.
    public var lastUsedAt: Date?

    /// Creates a token record.
    public init(id: String, userID: Int64, name: String, kind: Kind, secretHash: String, createdAt: Date = Date(), expiresAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.name = name
        self.kind = kind
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
    }
}

/// Persistence of users and tokens.
public protocol AuthStore: Sendable {
    /// Inserts a user; throws `SpoolError.conflict` when the name is taken.
    func createUser(_ user: User) async throws -> User
    /// The user with this name.
    func user(named username: String) async throws -> User?
    /// The user with this id.
    func user(id: Int64) async throws -> User?
    /// Number of users.
    func userCount() async throws -> Int
    /// Stores a token.
    func insertToken(_ token: APIToken) async throws
    /// The live token with this secret hash and its user; expired tokens are not returned.
    func token(secretHash: String, now: Date) async throws -> (APIToken, User)?
    /// A user's tokens.
    func tokens(userID: Int64) async throws -> [APIToken]
    /// Deletes a token by public id (only the owner's unless `userID` is nil); returns whether one was deleted.
    func deleteToken(id: String, userID: Int64?) async throws -> Bool
    /// Deletes a token by its secret hash (logout).
    func deleteToken(secretHash: String) async throws
    /// Records a token's use.
    func touchToken(id: String, at: Date) async throws
    /// Every user, by id.
    func users() async throws -> [User]
    /// Writes a user's role, password hash and disabled flag (its name and creation time stay).
    /// When the user is disabled by this change, its tokens are deleted in the same transaction.
    ///
    /// - Throws: `SpoolError.notFound` for an unknown user; `SpoolError.conflict` when the change
    ///   would leave no enabled administrator (nothing is written then).
    func updateUser(_ user: User) async throws -> User
    /// Deletes a user and its tokens; returns whether it existed.
    ///
    /// - Throws: `SpoolError.conflict` when it is the last enabled administrator.
    func deleteUser(id: Int64) async throws -> Bool
    /// Deletes a user's tokens, but the one with the public id `except`; returns the deleted ids.
    func deleteTokens(userID: Int64, except: String?) async throws -> [String]
}
