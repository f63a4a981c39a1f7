import Foundation
import GRDB
import SpoolCore

/// A row of `users`.
struct UserRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "users"

    enum CodingKeys: String, CodingKey {
        case id, username
        case passwordHash = "password_hash"
        case role
        case createdAt = "created_at"
        case disabled
    }

    /// Column names.
    enum Columns {
        static let username = Column(CodingKeys.username)
        static let id = Column(CodingKeys.id)
        static let role = Column(CodingKeys.role)
        static let disabled = Column(CodingKeys.disabled)
    }

    var id: Int64?
    var username: String
    var passwordHash: String
    var role: String
    /// Unix seconds.
    var createdAt: Double
    /// 0 or 1.
    var disabled: Int

    /// A record for a new user (the id is assigned on insert).
    init(_ user: User) {
        id = user.id > 0 ? user.id : nil
        username = user.username
        passwordHash = user.passwordHash
        role = user.role.rawValue
        createdAt = user.createdAt.timeIntervalSince1970
        disabled = user.disabled ? 1 : 0
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The domain value.
    func user() throws -> User {
        guard let id, let role = Role(rawValue: role) else {
            throw CorruptRow(table: "users", reason: "user '\(username)' has unknown role '\(role)'")
        }
        return User(id: id, username: username, passwordHash: passwordHash, role: role, createdAt: Date(timeIntervalSince1970: createdAt), disabled: disabled != 0)
    }
}
