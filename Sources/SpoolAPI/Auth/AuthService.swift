import Foundation
import SpoolCore

/// Logins, tokens and bearer authentication over an ``AuthStore``.
struct AuthService: Sendable {
    /// Users and tokens.
    let store: any AuthStore
    /// Password hashing.
    let hasher: PasswordHasher
    /// Lifetime of login sessions.
    let sessionTTL: Duration
    /// A token's `lastUsedAt` is written at most this often (seconds).
    let touchInterval: TimeInterval = 60
    /// Recently authenticated tokens.
    var cache = TokenCache()

    /// Checks a username and password and opens a session.
    func login(username: String, password: String, now: Date = Date()) async throws -> (IssuedToken, User) {
        guard let user = try await store.user(named: username) else {
            try await hasher.verifyNothing(password)
            throw Self.badCredentials
        }
        guard try await hasher.verify(password, hash: user.passwordHash) else {
            throw Self.badCredentials
        }
        guard !user.disabled else { throw APIError.forbidden("this account is disabled") }
        let expiresAt = now.addingTimeInterval(TimeInterval(sessionTTL.components.seconds))
        let issued = try await issueToken(for: user, name: "login", kind: .session, expiresAt: expiresAt, now: now)
        return (issued, user)
    }

    /// The user with this name and password, without opening a session (HTTP basic auth of the
    /// Transmission RPC); nil for wrong credentials. Takes as long for an unknown user.
    func verify(username: String, password: String) async throws -> User? {
        guard let user = try await store.user(named: username) else {
            try await hasher.verifyNothing(password)
            return nil
        }
        return try await hasher.verify(password, hash: user.passwordHash) && !user.disabled ? user : nil
    }

    /// Creates and stores a token for a user.
    func issueToken(for user: User, name: String, kind: APIToken.Kind, expiresAt: Date? = nil, now: Date = Date()) async throws -> IssuedToken {
        let (id, token) = APITokenCodec.generate()
        let record = APIToken(id: id, userID: user.id, name: name, kind: kind, secretHash: APITokenCodec.hash(token), createdAt: now, expiresAt: expiresAt)
        try await store.insertToken(record)
        return IssuedToken(token: token, record: record)
    }

    /// The user behind a bearer token, or nil for an unknown, expired or malformed one.
    func authenticate(_ token: String, now: Date = Date()) async throws -> AuthenticatedUser? {
        if let cached = cache.get(token) { return cached }
        guard APITokenCodec.isWellFormed(token) else { return nil }
        guard let (record, user) = try await store.token(secretHash: APITokenCodec.hash(token), now: now), !user.disabled else { return nil }
        if record.lastUsedAt.map({ now.timeIntervalSince($0) >= touchInterval }) ?? true {
            try await store.touchToken(id: record.id, at: now)
        }
        let identity = AuthenticatedUser(user: user, token: record)
        cache.put(token, identity, now: now)
        return identity
    }

    /// Ends the session (or revokes the API token) the caller authenticated with.
    func logout(_ identity: AuthenticatedUser) async throws {
        cache.remove(secretHash: identity.token.secretHash)
        try await store.deleteToken(secretHash: identity.token.secretHash)
    }

    /// The caller's tokens, newest first.
    func tokens(of user: User) async throws -> [APIToken] {
        try await store.tokens(userID: user.id).sorted { $0.createdAt > $1.createdAt }
    }

    /// Revokes a token of the caller (any token for an admin); throws `not_found` otherwise.
    func revoke(tokenID: String, by user: User) async throws {
        let deleted = try await store.deleteToken(id: tokenID, userID: user.role == .admin ? nil : user.id)
        if deleted { cache.remove(tokenID: tokenID) }
        guard deleted else { throw SpoolError(.notFound, "token \(tokenID.prefix(32)) does not exist") }
    }

    /// Creates a user with a hashed password; validates the name and the password.
    func createUser(username: String, password: String, role: Role) async throws -> User {
        guard (1...64).contains(username.count),
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) })
        else {
            throw SpoolError(.invalidInput, "usernames are 1–64 characters: letters, digits, '.', '_', '-', '@'")
        }
        try PasswordHasher.validate(password)
        let hash = try await hasher.hash(password)
        return try await store.createUser(User(username: username, passwordHash: hash, role: role))
    }

    private static let badCredentials = APIError.unauthorized("wrong username or password")
}
