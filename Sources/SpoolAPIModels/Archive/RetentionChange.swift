import SpoolCore

/// The `retention` member of a source request: members given replace the current ones, `null`
/// clears one (keep everything), absent ones stay. Decoding is strict.
public struct RetentionChange: Sendable, Codable, Hashable {
    /// New "keep the newest N", or `.some(nil)` to clear it.
    public var keepNewest: Int??
    /// New "delete after D days", or `.some(nil)` to clear it.
    public var maxAgeDays: Int??
    /// New "at most M megabytes in all", or `.some(nil)` to clear it.
    public var maxTotalSizeMB: Int??

    /// Creates a change; members left nil stay as they are.
    public init(keepNewest: Int?? = nil, maxAgeDays: Int?? = nil, maxTotalSizeMB: Int?? = nil) {
        self.keepNewest = keepNewest
        self.maxAgeDays = maxAgeDays
        self.maxTotalSizeMB = maxTotalSizeMB
    }

    /// Whether it changes nothing.
    public var isEmpty: Bool { keepNewest == nil && maxAgeDays == nil && maxTotalSizeMB == nil }

    /// Applies the change.
    public func apply(to retention: inout Retention) {
        if let keepNewest { retention.keepNewest = keepNewest }
        if let maxAgeDays { retention.maxAgeDays = maxAgeDays }
        if let maxTotalSizeMB { retention.maxTotalSizeMB = maxTotalSizeMB }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case keepNewest, maxAgeDays, maxTotalSizeMB
    }

    /// Decodes strictly: unknown members are `unknown_field`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames, parent: "retention")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        keepNewest = try c.decodeNullable(Int.self, forKey: .keepNewest)
        maxAgeDays = try c.decodeNullable(Int.self, forKey: .maxAgeDays)
        maxTotalSizeMB = try c.decodeNullable(Int.self, forKey: .maxTotalSizeMB)
    }

    /// Encodes the members given (`null` for a cleared one).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeChange(keepNewest, forKey: .keepNewest)
        try c.encodeChange(maxAgeDays, forKey: .maxAgeDays)
        try c.encodeChange(maxTotalSizeMB, forKey: .maxTotalSizeMB)
    }
}
