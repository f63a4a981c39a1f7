import Foundation
import GRDB
import SpoolCore

extension SQLiteAuthStore {
    /// Every user, by id.
    public func users() async throws -> [User] {
        try await database.read("list users") { db in
            try UserRecord.order(UserRecord.Columns.id).fetchAll(db).map { try $0.user() }
        }
    }

    /// Writes the user's role, password hash and disabled flag; a disabled user loses its tokens.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown user, `SpoolError(.conflict)` when no
    ///   enabled administrator would remain.
    public func updateUser(_ user: User) async throws -> User {
        try await database.write("update user \(user.id)") { db in
            guard var record = try UserRecord.fetchOne(db, key: user.id) else {
                throw SpoolError(.notFound, "user \(user.id) does not exist")
            }
            let before = try record.user()
            if before.isEnabledAdmin, !user.isEnabledAdmin, try Self.otherEnabledAdmins(db, than: user.id) == 0 {
                throw SpoolError(.conflict, "\(before.username) is the last enabled administrator")
            }
            record.role = user.role.rawValue
            record.passwordHash = user.passwordHash
            record.disabled = user.disabled ? 1 : 0
            try record.update(db)
            if user.disabled {
                _ = try TokenRecord.filter(TokenRecord.Columns.userID == user.id).deleteAll(db)
            }
            return try record.user()
        }
    }

    /// Deletes the user (its tokens go with it).
    ///
    /// - Throws: `SpoolError(.conflict)` when it is the last enabled administrator.
    public func deleteUser(id: Int64) async throws -> Bool {
        try await database.write("delete user \(id)") { db in
            guard let record = try UserRecord.fetchOne(db, key: id) else { return false }
            let user = try record.user()
            if user.isEnabledAdmin, try Self.otherEnabledAdmins(db, than: id) == 0 {
                throw SpoolError(.conflict, "\(user.username) is the last enabled administrator")
            }
            _ = try TokenRecord.filter(TokenRecord.Columns.userID == id).deleteAll(db)
            return try UserRecord.deleteOne(db, key: id)
        }
    }

    /// Deletes the user's tokens but `except`; returns their ids.
    public func deleteTokens(userID: Int64, except: String?) async throws -> [String] {
        try await database.write("delete the tokens of user \(userID)") { db in
            var request = TokenRecord.filter(TokenRecord.Columns.userID == userID)
            if let except { request = request.filter(TokenRecord.Columns.id != except) }
            let ids = try request.select(TokenRecord.Columns.id, as: String.self).fetchAll(db)
            _ = try request.deleteAll(db)
            return ids
        }
    }

    private static func otherEnabledAdmins(_ db: Database, than id: Int64) throws -> Int {
        try UserRecord
            .filter(UserRecord.Columns.role == Role.admin.rawValue && UserRecord.Columns.disabled == 0 && UserRecord.Columns.id != id)
            .fetchCount(db)
    }
}
