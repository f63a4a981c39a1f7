import Foundation
import SpoolCore

/// The `filters` member of a source request: the members given replace the current (or default)
/// ones, `null` clears one, absent ones stay. Decoding is strict.
public struct SourceFiltersChange: Sendable, Codable, Hashable {
    /// New title regex, or `.some(nil)` to clear it.
    public var titleRegex: String??
    /// Whether the regex picks the titles that do not match.
    public var invertTitleRegex: Bool?
    /// New shortest length (seconds), or `.some(nil)` to clear it.
    public var minDuration: Double??
    /// New longest length (seconds), or `.some(nil)` to clear it.
    public var maxDuration: Double??
    /// New earliest publication day (midnight UTC), or `.some(nil)` to clear it.
    public var publishedAfter: Date??
    /// Shorts: include, exclude or only.
    public var shorts: SourceFilters.Inclusion?
    /// Live streams: include, exclude or only.
    public var streams: SourceFilters.Inclusion?

    /// Creates a change; members left nil stay as they are.
    public init(
        titleRegex: String?? = nil, invertTitleRegex: Bool? = nil, minDuration: Double?? = nil, maxDuration: Double?? = nil,
        publishedAfter: Date?? = nil, shorts: SourceFilters.Inclusion? = nil, streams: SourceFilters.Inclusion? = nil
    ) {
        self.titleRegex = titleRegex
        self.invertTitleRegex = invertTitleRegex
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.publishedAfter = publishedAfter
        self.shorts = shorts
        self.streams = streams
    }

    /// Whether it changes nothing.
    public var isEmpty: Bool { self == SourceFiltersChange() }

    /// Applies the change.
    public func apply(to filters: inout SourceFilters) {
        if let titleRegex { filters.titleRegex = titleRegex }
        if let invertTitleRegex { filters.invertTitleRegex = invertTitleRegex }
        if let minDuration { filters.minDuration = minDuration }
        if let maxDuration { filters.maxDuration = maxDuration }
        if let publishedAfter { filters.publishedAfter = publishedAfter }
        if let shorts { filters.shorts = shorts }
        if let streams { filters.streams = streams }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case titleRegex, invertTitleRegex, minDuration, maxDuration, publishedAfter, shorts, streams
    }

    /// Decodes strictly: unknown members are `unknown_field`, bad values `invalid_input` naming `filters.<member>`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames, parent: "filters")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        titleRegex = try c.decodeNullable(String.self, forKey: .titleRegex)
        invertTitleRegex = try c.decodeIfPresent(Bool.self, forKey: .invertTitleRegex)
        minDuration = try c.decodeNullable(Double.self, forKey: .minDuration)
        maxDuration = try c.decodeNullable(Double.self, forKey: .maxDuration)
        publishedAfter = try c.decodeDay(forKey: .publishedAfter, name: "filters.publishedAfter")
        shorts = try c.decodeChoice(SourceFilters.Inclusion.self, forKey: .shorts, name: "filters.shorts")
        streams = try c.decodeChoice(SourceFilters.Inclusion.self, forKey: .streams, name: "filters.streams")
    }

    /// Encodes the members given (`null` for a cleared one); days as `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeChange(titleRegex, forKey: .titleRegex)
        try c.encodeIfPresent(invertTitleRegex, forKey: .invertTitleRegex)
        try c.encodeChange(minDuration, forKey: .minDuration)
        try c.encodeChange(maxDuration, forKey: .maxDuration)
        try c.encodeChange(publishedAfter.map { $0.map(DayText.format) }, forKey: .publishedAfter)
        try c.encodeIfPresent(shorts, forKey: .shorts)
        try c.encodeIfPresent(streams, forKey: .streams)
    }
}
