import Foundation
import Logging
import PostgresNIO
import SpoolCore

extension PostgresAuthStore {
    /// Every user, by id.
    public func users() async throws -> [User] {
        try await database.read("list users") { connection in
            try await connection.query("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY id", logger: database.logger)
                .collect().map(Self.user)
        }
    }

    /// Writes the user's role, password hash and disabled flag; a disabled user loses its tokens.
    ///
    /// The enabled administrators' rows are locked first, so two changes that would each leave
    /// one administrator cannot both pass.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown user, `SpoolError(.conflict)` when no
    ///   enabled administrator would remain.
    public func updateUser(_ user: User) async throws -> User {
        try await database.transaction("update user \(user.id)") { connection in
            let logger = database.logger
            let admins = try await Self.lockEnabledAdmins(connection, logger: logger)
            guard let before = try await connection.query(
                "SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).collect().first.map(Self.user) else {
                throw SpoolError(.notFound, "user \(user.id) does not exist")
            }
            if before.isEnabledAdmin, !user.isEnabledAdmin, admins.subtracting([user.id]).isEmpty {
                throw SpoolError(.conflict, "\(before.username) is the last enabled administrator")
            }
            let rows = try await connection.query("""
                UPDATE users SET role = \(user.role.rawValue), password_hash = \(user.passwordHash), disabled = \(user.disabled ? 1 : 0 as Int64)
                WHERE id = \(user.id) RETURNING \(unescaped: Self.userColumns)
                """, logger: logger).collect()
            if user.disabled {
                try await connection.query("DELETE FROM api_tokens WHERE user_id = \(user.id)", logger: logger).collect()
            }
            guard let row = rows.first else { throw SpoolError(.notFound, "user \(user.id) does not exist") }
            return try Self.user(row)
        }
    }

    /// Deletes the user (its tokens go with it).
    ///
    /// - Throws: `SpoolError(.conflict)` when it is the last enabled administrator.
    public func deleteUser(id: Int64) async throws -> Bool {
        try await database.transaction("delete user \(id)") { connection in
            let logger = database.logger
            let admins = try await Self.lockEnabledAdmins(connection, logger: logger)
            guard let user = try await connection.query(
                "SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id) FOR UPDATE", logger: logger
            ).collect().first.map(Self.user) else { return false }
            if user.isEnabledAdmin, admins.subtracting([id]).isEmpty {
                throw SpoolError(.conflict, "\(user.username) is the last enabled administrator")
            }
            try await connection.query("DELETE FROM api_tokens WHERE user_id = \(id)", logger: logger).collect()
            try await connection.query("DELETE FROM users WHERE id = \(id)", logger: logger).collect()
            return true
        }
    }

    /// Deletes the user's tokens but `except`; returns their ids.
    public func deleteTokens(userID: Int64, except: String?) async throws -> [String] {
        try await database.transaction("delete the tokens of user \(userID)") { connection in
            let query: PostgresQuery = if let except {
                "DELETE FROM api_tokens WHERE user_id = \(userID) AND id <> \(except) RETURNING id"
            } else {
                "DELETE FROM api_tokens WHERE user_id = \(userID) RETURNING id"
            }
            return try await connection.query(query, logger: database.logger).collect().map { try $0.decode(String.self) }
        }
    }

    /// Locks the enabled administrators' rows and returns their ids.
    private static func lockEnabledAdmins(_ connection: PostgresConnection, logger: Logger) async throws -> Set<Int64> {
        let rows = try await connection.query(
            "SELECT id FROM users WHERE role = \(Role.admin.rawValue) AND disabled = 0 ORDER BY id FOR UPDATE", logger: logger
        ).collect()
        return Set(try rows.map { try $0.decode(Int64.self) })
    }
}
