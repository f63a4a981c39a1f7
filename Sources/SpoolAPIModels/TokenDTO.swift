import Foundation
import SpoolCore

/// A token in `GET /api/tokens`; never its secret.
public struct TokenDTO: Sendable, Codable, Hashable {
    /// Public id, used to revoke it.
    public var id: String
    /// Label.
    public var name: String
    /// `session` (from login) or `api`.
    public var kind: APIToken.Kind
    /// When created.
    public var createdAt: Date
    /// When it stops working; `null` for never.
    public var expiresAt: Date?
    /// When last used; `null` if never.
    public var lastUsedAt: Date?

    /// The API view of a token record.
    public init(_ token: APIToken) {
        id = token.id
        name = token.name
        kind = token.kind
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        lastUsedAt = token.lastUsedAt
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(lastUsedAt, forKey: .lastUsedAt)
    }
}
