import SpoolCore

/// A source's retention as the API shows it: `{keepNewest, maxAgeDays}`, `null` when unset.
public struct RetentionDTO: Sendable, Codable, Hashable {
    /// Keep at most this many downloaded videos.
    public var keepNewest: Int?
    /// Delete videos older than this many days.
    public var maxAgeDays: Int?

    /// The API view of a retention policy.
    public init(_ retention: Retention) {
        keepNewest = retention.keepNewest
        maxAgeDays = retention.maxAgeDays
    }

    private enum CodingKeys: String, CodingKey {
        case keepNewest, maxAgeDays
    }

    /// Encodes both members, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(keepNewest, forKey: .keepNewest)
        try c.encode(maxAgeDays, forKey: .maxAgeDays)
    }

    /// Decodes leniently.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        keepNewest = try c.decodeIfPresent(Int.self, forKey: .keepNewest)
        maxAgeDays = try c.decodeIfPresent(Int.self, forKey: .maxAgeDays)
    }
}
