import SpoolCore

/// One rule set of `GET/POST /api/retention`: the library's, or a source's.
public struct RetentionScopeDTO: Sendable, Codable, Hashable {
    /// The source; `null` for the library.
    public var sourceId: Int64?
    /// `library`, or the source's name.
    public var name: String
    /// The rules.
    public var retention: RetentionDTO
    /// What goes (or went), oldest first.
    public var items: [RetentionEntryDTO]
    /// Bytes of the items whose size is known.
    public var bytes: Int64
    /// Deletions that failed; they are tried again next time.
    public var errors: [String]

    /// The API view of a scope.
    public init(_ scope: RetentionReport.Scope) {
        sourceId = scope.sourceID
        name = scope.name
        retention = RetentionDTO(scope.rules)
        items = scope.deletions.map(RetentionEntryDTO.init)
        bytes = scope.bytes
        errors = scope.errors
    }

    private enum CodingKeys: String, CodingKey {
        case sourceId, name, retention, items, bytes, errors
    }

    /// Encodes every member, a missing source id as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sourceId, forKey: .sourceId)
        try c.encode(name, forKey: .name)
        try c.encode(retention, forKey: .retention)
        try c.encode(items, forKey: .items)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(errors, forKey: .errors)
    }

    /// Decodes leniently.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sourceId = try c.decodeIfPresent(Int64.self, forKey: .sourceId)
        name = try c.decode(String.self, forKey: .name)
        retention = try c.decode(RetentionDTO.self, forKey: .retention)
        items = try c.decode([RetentionEntryDTO].self, forKey: .items)
        bytes = try c.decodeIfPresent(Int64.self, forKey: .bytes) ?? 0
        errors = try c.decodeIfPresent([String].self, forKey: .errors) ?? []
    }
}
