import Foundation
import GRDB
import SpoolCore

/// The embedded ``AuthStore``: users and hashed tokens in the SQLite database.
///
/// Deleting a user deletes their tokens (foreign key cascade).
public struct SQLiteAuthStore: AuthStore {
    let database: SQLiteDatabase

    /// Creates a store over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Inserts the user and returns it with its id.
    ///
    /// - Throws: `SpoolError(.conflict)` when the username is taken.
    public func createUser(_ user: User) async throws -> User {
        try await database.write("create user '\(user.username)'") { db in
            var record = UserRecord(user)
            try record.insert(db)
            return try record.user()
        }
    }

    /// The user with this exact name, or nil.
    public func user(named username: String) async throws -> User? {
        try await database.read("read user '\(username)'") { db in
            try UserRecord.filter(UserRecord.Columns.username == username).fetchOne(db)?.user()
        }
    }

    /// The user with this id, or nil.
    public func user(id: Int64) async throws -> User? {
        try await database.read("read user \(id)") { db in
            try UserRecord.fetchOne(db, key: id)?.user()
        }
    }

    /// Number of users.
    public func userCount() async throws -> Int {
        try await database.read("count users") { db in
            try UserRecord.fetchCount(db)
        }
    }

    /// Stores a token.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown user, `SpoolError(.conflict)` for a
    ///   duplicate id or secret.
    public func insertToken(_ token: APIToken) async throws {
        try await database.write("store token \(token.id)") { db in
            guard try UserRecord.exists(db, key: token.userID) else {
                throw SpoolError(.notFound, "user \(token.userID) does not exist")
            }
            try TokenRecord(token).insert(db)
        }
    }

    /// The token with this secret hash and its user, unless it expired at `now`.
    public func token(secretHash: String, now: Date) async throws -> (APIToken, User)? {
        try await database.read("look up a token") { db in
            let live = TokenRecord
                .filter(TokenRecord.Columns.secretHash == secretHash)
                .filter(TokenRecord.Columns.expiresAt == nil || TokenRecord.Columns.expiresAt > now.timeIntervalSince1970)
            guard let record = try live.fetchOne(db),
                  let user = try UserRecord.fetchOne(db, key: record.userID)
            else { return nil }
            return (try record.token(), try user.user())
        }
    }

    /// The user's tokens, oldest first.
    public func tokens(userID: Int64) async throws -> [APIToken] {
        try await database.read("list tokens") { db in
            try TokenRecord
                .filter(TokenRecord.Columns.userID == userID)
                .order(TokenRecord.Columns.createdAt, TokenRecord.Columns.id)
                .fetchAll(db)
                .map { try $0.token() }
        }
    }

    /// Deletes the token with this public id (only if `userID` owns it, unless nil).
    public func deleteToken(id: String, userID: Int64?) async throws -> Bool {
        try await database.write("delete token \(id)") { db in
            var request = TokenRecord.filter(TokenRecord.Columns.id == id)
            if let userID {
                request = request.filter(TokenRecord.Columns.userID == userID)
            }
            return try request.deleteAll(db) > 0
        }
    }

    /// Deletes the token with this secret hash (logout); no-op when absent.
    public func deleteToken(secretHash: String) async throws {
        try await database.write("delete a token") { db in
            _ = try TokenRecord.filter(TokenRecord.Columns.secretHash == secretHash).deleteAll(db)
        }
    }

    /// Records that the token was used at `at`.
    public func touchToken(id: String, at: Date) async throws {
        try await database.write("record use of token \(id)") { db in
            _ = try TokenRecord
                .filter(TokenRecord.Columns.id == id)
                .updateAll(db, TokenRecord.Columns.lastUsedAt.set(to: at.timeIntervalSince1970))
        }
    }
}
