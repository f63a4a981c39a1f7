import Foundation
import SpoolCore

/// The body of `POST /api/sources` and `POST /api/sources/preview`. Only `url` is required; a
/// member left out takes the default (the name is derived from the URL, every tab is followed,
/// checks run every 6 hours, backlog `none`, the `archive` layout).
///
/// Decoding is strict: an unknown member is `unknown_field`; a bad schedule, backlog or filter is
/// `invalid_input` naming the member. Encoding leaves out members that are not set.
public struct CreateSourceRequest: Sendable, Codable, Hashable {
    /// The channel, playlist or feed URL.
    public var url: String
    /// Display name (and folder); nil derives it from the URL.
    public var name: String?
    /// Whether the schedule checks it.
    public var enabled: Bool?
    /// Which tabs of a channel to follow.
    public var tabs: SourceTabsChange?
    /// When it is checked.
    public var schedule: CheckSchedule?
    /// An Atom feed for fast checks; `.some(nil)` for none; nil derives it for YouTube channels.
    public var feedUrl: String??
    /// The download profile; nil or `.some(nil)` for the built-in defaults.
    public var profileId: Int64??
    /// Which listed videos are queued.
    public var filters: SourceFiltersChange?
    /// What is deleted again.
    public var retention: RetentionChange?
    /// Where the files go.
    public var layout: OutputLayout?
    /// How much of what was already published the first index queues.
    public var backlog: Backlog?

    /// Creates a request for a URL with every other member left to the defaults.
    public init(
        url: String, name: String? = nil, enabled: Bool? = nil, tabs: SourceTabsChange? = nil, schedule: CheckSchedule? = nil,
        feedUrl: String?? = nil, profileId: Int64?? = nil, filters: SourceFiltersChange? = nil, retention: RetentionChange? = nil,
        layout: OutputLayout? = nil, backlog: Backlog? = nil
    ) {
        self.url = url
        self.name = name
        self.enabled = enabled
        self.tabs = tabs
        self.schedule = schedule
        self.feedUrl = feedUrl
        self.profileId = profileId
        self.filters = filters
        self.retention = retention
        self.layout = layout
        self.backlog = backlog
    }

    /// The source this request describes, before it is validated and stored.
    public var source: Source {
        let trimmedName = name?.trimmingCharacters(in: .whitespaces)
        var source = Source(
            name: trimmedName.flatMap { $0.isEmpty ? nil : $0 } ?? Self.derivedName(from: url), url: url,
            enabled: enabled ?? true, schedule: schedule ?? .default, feedURL: feedUrl ?? nil, profileID: profileId ?? nil,
            layout: layout ?? .archive, backlog: backlog ?? .none
        )
        tabs?.apply(to: &source.tabs)
        filters?.apply(to: &source.filters)
        retention?.apply(to: &source.retention)
        return source
    }

    /// A name for a source from its URL: the last meaningful path component without its extension
    /// (`/@news/videos` → `@news`, `/feed.xml` → `feed`), else the host; at most 100 characters.
    public static func derivedName(from url: String) -> String {
        let components = URLComponents(string: url)
        let parts = (components?.path ?? "").split(separator: "/").map { part -> String in
            let text = String(part).removingPercentEncoding ?? String(part)
            // `feed.xml` → `feed`; `Mr. Smith` keeps its dot.
            guard let dot = text.lastIndex(of: "."), dot != text.startIndex else { return text }
            let suffix = text[text.index(after: dot)...]
            guard (1...5).contains(suffix.count), suffix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return text }
            return String(text[..<dot])
        }
        let name = parts.last { !$0.isEmpty && !Self.tabWords.contains($0.lowercased()) }
            ?? components?.host
            ?? url
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return String((trimmed.isEmpty ? "source" : trimmed).prefix(100))
    }

    /// Path components that name a page of a channel or site, not the channel.
    private static let tabWords: Set<String> = [
        "videos", "shorts", "streams", "live", "featured", "playlists", "playlist", "watch", "index", "about", "community", "releases",
    ]

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case url, name, enabled, tabs, schedule, feedUrl, profileId, filters, retention, layout, backlog
    }

    /// Decodes strictly (see the type's documentation).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        tabs = try c.decodeIfPresent(SourceTabsChange.self, forKey: .tabs)
        schedule = try c.decodeText(CheckSchedule.self, forKey: .schedule)
        feedUrl = try c.decodeNullable(String.self, forKey: .feedUrl)
        profileId = try c.decodeNullable(Int64.self, forKey: .profileId)
        filters = try c.decodeIfPresent(SourceFiltersChange.self, forKey: .filters)
        retention = try c.decodeIfPresent(RetentionChange.self, forKey: .retention)
        layout = try c.decodeIfPresent(OutputLayout.self, forKey: .layout)
        backlog = try c.decodeText(Backlog.self, forKey: .backlog)
    }

    /// Encodes the members that are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(enabled, forKey: .enabled)
        try c.encodeIfPresent(tabs, forKey: .tabs)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encodeChange(feedUrl, forKey: .feedUrl)
        try c.encodeChange(profileId, forKey: .profileId)
        if let filters, !filters.isEmpty { try c.encode(filters, forKey: .filters) }
        if let retention, !retention.isEmpty { try c.encode(retention, forKey: .retention) }
        try c.encodeIfPresent(layout, forKey: .layout)
        try c.encodeIfPresent(backlog, forKey: .backlog)
    }
}
