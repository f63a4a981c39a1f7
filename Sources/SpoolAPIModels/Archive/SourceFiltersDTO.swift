import Foundation
import SpoolCore

/// A source's filters as the API shows them; every member is present, unset ones `null`.
public struct SourceFiltersDTO: Sendable, Codable, Hashable {
    /// A regular expression matched against titles (case-insensitive).
    public var titleRegex: String?
    /// Queue the titles that do not match instead.
    public var invertTitleRegex: Bool
    /// Shortest wanted length, seconds.
    public var minDuration: Double?
    /// Longest wanted length, seconds.
    public var maxDuration: Double?
    /// Only videos published on or after this day, `YYYY-MM-DD` (UTC).
    public var publishedAfter: String?
    /// Shorts: `include`, `exclude` or `only`.
    public var shorts: SourceFilters.Inclusion
    /// Live streams: `include`, `exclude` or `only`.
    public var streams: SourceFilters.Inclusion

    /// The API view of a source's filters.
    public init(_ filters: SourceFilters) {
        titleRegex = filters.titleRegex
        invertTitleRegex = filters.invertTitleRegex
        minDuration = filters.minDuration
        maxDuration = filters.maxDuration
        publishedAfter = filters.publishedAfter.map(DayText.format)
        shorts = filters.shorts
        streams = filters.streams
    }

    private enum CodingKeys: String, CodingKey {
        case titleRegex, invertTitleRegex, minDuration, maxDuration, publishedAfter, shorts, streams
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(titleRegex, forKey: .titleRegex)
        try c.encode(invertTitleRegex, forKey: .invertTitleRegex)
        try c.encode(minDuration, forKey: .minDuration)
        try c.encode(maxDuration, forKey: .maxDuration)
        try c.encode(publishedAfter, forKey: .publishedAfter)
        try c.encode(shorts, forKey: .shorts)
        try c.encode(streams, forKey: .streams)
    }

    /// Decodes leniently (a client reading a server's answer): absent members take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        titleRegex = try c.decodeIfPresent(String.self, forKey: .titleRegex)
        invertTitleRegex = try c.decodeIfPresent(Bool.self, forKey: .invertTitleRegex) ?? false
        minDuration = try c.decodeIfPresent(Double.self, forKey: .minDuration)
        maxDuration = try c.decodeIfPresent(Double.self, forKey: .maxDuration)
        publishedAfter = try c.decodeIfPresent(String.self, forKey: .publishedAfter)
        shorts = try c.decodeIfPresent(SourceFilters.Inclusion.self, forKey: .shorts) ?? .include
        streams = try c.decodeIfPresent(SourceFilters.Inclusion.self, forKey: .streams) ?? .include
    }
}
