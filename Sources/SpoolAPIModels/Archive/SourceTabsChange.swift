import SpoolCore

/// The `tabs` member of a source request: `{videos, shorts, streams}`, each optional (absent ones
/// stay as they are; a new source follows every tab). Decoding is strict.
public struct SourceTabsChange: Sendable, Codable, Hashable {
    /// Follow regular uploads.
    public var videos: Bool?
    /// Follow Shorts.
    public var shorts: Bool?
    /// Follow live streams.
    public var streams: Bool?

    /// Creates a change; members left nil stay as they are.
    public init(videos: Bool? = nil, shorts: Bool? = nil, streams: Bool? = nil) {
        self.videos = videos
        self.shorts = shorts
        self.streams = streams
    }

    /// Exactly the given tabs (the CLI's `--tabs videos,shorts`).
    public init(only tabs: Set<SourceTab>) {
        self.init(videos: tabs.contains(.videos), shorts: tabs.contains(.shorts), streams: tabs.contains(.streams))
    }

    /// Applies the change.
    public func apply(to tabs: inout SourceTabs) {
        if let videos { tabs.videos = videos }
        if let shorts { tabs.shorts = shorts }
        if let streams { tabs.streams = streams }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case videos, shorts, streams
    }

    /// Decodes strictly: unknown members are `unknown_field`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames, parent: "tabs")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        videos = try c.decodeIfPresent(Bool.self, forKey: .videos)
        shorts = try c.decodeIfPresent(Bool.self, forKey: .shorts)
        streams = try c.decodeIfPresent(Bool.self, forKey: .streams)
    }

    /// Encodes the members given.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(videos, forKey: .videos)
        try c.encodeIfPresent(shorts, forKey: .shorts)
        try c.encodeIfPresent(streams, forKey: .streams)
    }
}
