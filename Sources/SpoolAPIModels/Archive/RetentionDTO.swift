import SpoolCore

/// A retention as the API shows it: `{keepNewest, maxAgeDays, maxTotalSizeMB}`, `null` when unset.
public struct RetentionDTO: Sendable, Codable, Hashable {
    /// Keep at most this many downloaded videos.
    public var keepNewest: Int?
    /// Delete videos older than this many days.
    public var maxAgeDays: Int?
    /// Keep the newest videos while they take at most this many megabytes (1 MB = 1,000,000 bytes).
    public var maxTotalSizeMB: Int?

    /// The API view of a retention policy.
    public init(_ retention: Retention) {
        keepNewest = retention.keepNewest
        maxAgeDays = retention.maxAgeDays
        maxTotalSizeMB = retention.maxTotalSizeMB
    }

    /// The policy it shows.
    public var retention: Retention {
        Retention(keepNewest: keepNewest, maxAgeDays: maxAgeDays, maxTotalSizeMB: maxTotalSizeMB)
    }

    private enum CodingKeys: String, CodingKey {
        case keepNewest, maxAgeDays, maxTotalSizeMB
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(keepNewest, forKey: .keepNewest)
        try c.encode(maxAgeDays, forKey: .maxAgeDays)
        try c.encode(maxTotalSizeMB, forKey: .maxTotalSizeMB)
    }

    /// Decodes leniently.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        keepNewest = try c.decodeIfPresent(Int.self, forKey: .keepNewest)
        maxAgeDays = try c.decodeIfPresent(Int.self, forKey: .maxAgeDays)
        maxTotalSizeMB = try c.decodeIfPresent(Int.self, forKey: .maxTotalSizeMB)
    }
}
