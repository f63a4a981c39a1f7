import Foundation
import Logging
import PostgresNIO
import SpoolCore

/// The shared ``AuthStore``: users and hashed tokens in PostgreSQL.
///
/// Deleting a user deletes their tokens (foreign key cascade). User ids are always assigned by
/// the database.
public struct PostgresAuthStore: AuthStore {
    let database: PostgresDatabase

    /// Creates a store over a database whose pool is running and whose schema is migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    private var logger: Logger { database.logger }
    static let userColumns = "id, username, password_hash, role, created_at, disabled"
    private static let tokenColumns = "id, user_id, name, kind, secret_hash, created_at, expires_at, last_used_at"

    /// Inserts the user and returns it with its id.
    ///
    /// - Throws: `SpoolError(.conflict)` when the username is taken.
    public func createUser(_ user: User) async throws -> User {
        try await database.transaction("create user '\(user.username)'") { connection in
            let rows = try await connection.query("""
                INSERT INTO users (username, password_hash, role, created_at, disabled)
                VALUES (\(user.username), \(user.passwordHash), \(user.role.rawValue), \(user.createdAt.timeIntervalSince1970), \(user.disabled ? 1 : 0 as Int64))
                RETURNING \(unescaped: Self.userColumns)
                """, logger: logger).collect()
            guard let row = rows.first else { throw SpoolError(.storage, "could not create user '\(user.username)'") }
            return try Self.user(row)
        }
    }

    /// The user with this exact name, or nil.
    public func user(named username: String) async throws -> User? {
        try await database.read("read user '\(username)'") { connection in
            try await connection.query("SELECT \(unescaped: Self.userColumns) FROM users WHERE username = \(username)", logger: logger)
                .collect().first.map(Self.user)
        }
    }

    /// The user with this id, or nil.
    public func user(id: Int64) async throws -> User? {
        try await database.read("read user \(id)") { connection in
            try await connection.query("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)", logger: logger)
                .collect().first.map(Self.user)
        }
    }

    /// Number of users.
    public func userCount() async throws -> Int {
        try await database.read("count users") { connection in
            try await connection.query("SELECT COUNT(*)::bigint FROM users", logger: logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    /// Stores a token.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown user, `SpoolError(.conflict)` for a
    ///   duplicate id or secret.
    public func insertToken(_ token: APIToken) async throws {
        do {
            try await database.transaction("store token \(token.id)") { connection in
                try await connection.query("""
                    INSERT INTO api_tokens (id, user_id, name, kind, secret_hash, created_at, expires_at, last_used_at)
                    VALUES (\(token.id), \(token.userID), \(token.name), \(token.kind.rawValue), \(token.secretHash),
                        \(token.createdAt.timeIntervalSince1970), \(token.expiresAt?.timeIntervalSince1970), \(token.lastUsedAt?.timeIntervalSince1970))
                    """, logger: logger).collect()
            }
        } catch let error as SpoolError where error.code == .notFound {
            throw SpoolError(.notFound, "user \(token.userID) does not exist")
        }
    }

    /// The token with this secret hash and its user, unless it expired at `now`.
    public func token(secretHash: String, now: Date) async throws -> (APIToken, User)? {
        try await database.read("look up a token") { connection in
            let rows = try await connection.query("""
                SELECT t.id, t.user_id, t.name, t.kind, t.secret_hash, t.created_at, t.expires_at, t.last_used_at,
                    u.id, u.username, u.password_hash, u.role, u.created_at, u.disabled
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.secret_hash = \(secretHash) AND (t.expires_at IS NULL OR t.expires_at > \(now.timeIntervalSince1970))
                """, logger: logger).collect()
            guard let row = rows.first else { return nil }
            return (try Self.token(row), try Self.user(row, from: 8))
        }
    }

    /// The user's tokens, oldest first.
    public func tokens(userID: Int64) async throws -> [APIToken] {
        try await database.read("list tokens") { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.tokenColumns) FROM api_tokens WHERE user_id = \(userID) ORDER BY created_at, id",
                logger: logger
            ).collect().map { try Self.token($0) }
        }
    }

    /// Deletes the token with this public id (only if `userID` owns it, unless nil).
    public func deleteToken(id: String, userID: Int64?) async throws -> Bool {
        try await database.transaction("delete token \(id)") { connection in
            let query: PostgresQuery = if let userID {
                "DELETE FROM api_tokens WHERE id = \(id) AND user_id = \(userID) RETURNING id"
            } else {
                "DELETE FROM api_tokens WHERE id = \(id) RETURNING id"
            }
            return try await !connection.query(query, logger: logger).collect().isEmpty
        }
    }

    /// Deletes the token with this secret hash (logout); no-op when absent.
    public func deleteToken(secretHash: String) async throws {
        try await database.transaction("delete a token") { connection in
            try await connection.query("DELETE FROM api_tokens WHERE secret_hash = \(secretHash)", logger: logger).collect()
        }
    }

    /// Records that the token was used at `at`.
    public func touchToken(id: String, at: Date) async throws {
        try await database.transaction("record use of token \(id)") { connection in
            try await connection.query("UPDATE api_tokens SET last_used_at = \(at.timeIntervalSince1970) WHERE id = \(id)", logger: logger).collect()
        }
    }

    // MARK: Rows

    static func user(_ row: PostgresRow) throws -> User {
        try user(row, from: 0)
    }

    /// The user in the six columns starting at `start` (`userColumns` order).
    private static func user(_ row: PostgresRow, from start: Int) throws -> User {
        let row = row.makeRandomAccess()
        let id = try row[start].decode(Int64.self)
        let username = try row[start + 1].decode(String.self)
        let roleName = try row[start + 3].decode(String.self)
        guard let role = Role(rawValue: roleName) else {
            throw CorruptRow(table: "users", reason: "user '\(username)' has unknown role '\(roleName)'")
        }
        return User(
            id: id, username: username, passwordHash: try row[start + 2].decode(String.self), role: role,
            createdAt: Date(timeIntervalSince1970: try row[start + 4].decode(Double.self)),
            disabled: try row[start + 5].decode(Int64.self) != 0
        )
    }

    /// The token in the first eight columns (`tokenColumns` order).
    private static func token(_ row: PostgresRow) throws -> APIToken {
        let row = row.makeRandomAccess()
        let id = try row[0].decode(String.self)
        let kindName = try row[3].decode(String.self)
        guard let kind = APIToken.Kind(rawValue: kindName) else {
            throw CorruptRow(table: "api_tokens", reason: "token \(id) has unknown kind '\(kindName)'")
        }
        return APIToken(
            id: id, userID: try row[1].decode(Int64.self), name: try row[2].decode(String.self), kind: kind,
            secretHash: try row[4].decode(String.self),
            createdAt: Date(timeIntervalSince1970: try row[5].decode(Double.self)),
            expiresAt: try row[6].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
            lastUsedAt: try row[7].decode(Double?.self).map(Date.init(timeIntervalSince1970:))
        )
    }
}
