import Foundation
import GRDB
import SpoolCore

/// A row of `api_tokens` (sessions and API tokens; only the secret's hash is stored).
struct TokenRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "api_tokens"

    enum CodingKeys: String, CodingKey {
        case id
        case userID = "user_id"
        case name, kind
        case secretHash = "secret_hash"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case lastUsedAt = "last_used_at"
    }

    /// Column names.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userID = Column(CodingKeys.userID)
        static let secretHash = Column(CodingKeys.secretHash)
        static let createdAt = Column(CodingKeys.createdAt)
        static let expiresAt = Column(CodingKeys.expiresAt)
        static let lastUsedAt = Column(CodingKeys.lastUsedAt)
    }

    var id: String
    var userID: Int64
    var name: String
    var kind: String
    var secretHash: String
    /// Unix seconds.
    var createdAt: Double
    var expiresAt: Double?
    var lastUsedAt: Double?

    /// A record for the token.
    init(_ token: APIToken) {
        id = token.id
        userID = token.userID
        name = token.name
        kind = token.kind.rawValue
        secretHash = token.secretHash
        createdAt = token.createdAt.timeIntervalSince1970
        expiresAt = token.expiresAt?.timeIntervalSince1970
        lastUsedAt = token.lastUsedAt?.timeIntervalSince1970
    }

    /// The domain value.
    func token() throws -> APIToken {
        guard let kind = APIToken.Kind(rawValue: kind) else {
            throw CorruptRow(table: "api_tokens", reason: "token \(id) has unknown kind '\(kind)'")
        }
        return APIToken(
            id: id, userID: userID, name: name, kind: kind, secretHash: secretHash,
            createdAt: Date(timeIntervalSince1970: createdAt),
            expiresAt: expiresAt.map(Date.init(timeIntervalSince1970:)),
            lastUsedAt: lastUsedAt.map(Date.init(timeIntervalSince1970:))
        )
    }
}
