import SpoolCore

/// The body of `PATCH /api/sources/{id}`: any of `name`, `enabled`, `tabs`, `schedule`, `feedUrl`,
/// `profileId`, `filters`, `retention`, `layout`. Members left out stay; `null` clears `feedUrl`,
/// `profileId` and the nullable members of `filters` and `retention`.
///
/// `url` and `backlog` are fixed when a source is added: they are accepted only with the source's
/// current value (a form may send them back), any other value is `invalid_input` naming the member.
/// Decoding is strict like ``CreateSourceRequest``.
public struct PatchSourceRequest: Sendable, Codable, Hashable {
    /// New display name.
    public var name: String?
    /// Whether the schedule checks it.
    public var enabled: Bool?
    /// Tab changes.
    public var tabs: SourceTabsChange?
    /// New schedule.
    public var schedule: CheckSchedule?
    /// New feed URL, or `.some(nil)` for none.
    public var feedUrl: String??
    /// New profile, or `.some(nil)` for the built-in defaults.
    public var profileId: Int64??
    /// Filter changes.
    public var filters: SourceFiltersChange?
    /// Retention changes.
    public var retention: RetentionChange?
    /// New layout.
    public var layout: OutputLayout?
    /// The URL as sent (must equal the source's).
    public var url: String?
    /// The backlog as sent (must equal the source's).
    public var backlog: Backlog?

    /// Creates a change; members left nil stay as they are.
    public init(
        name: String? = nil, enabled: Bool? = nil, tabs: SourceTabsChange? = nil, schedule: CheckSchedule? = nil, feedUrl: String?? = nil,
        profileId: Int64?? = nil, filters: SourceFiltersChange? = nil, retention: RetentionChange? = nil, layout: OutputLayout? = nil
    ) {
        self.name = name
        self.enabled = enabled
        self.tabs = tabs
        self.schedule = schedule
        self.feedUrl = feedUrl
        self.profileId = profileId
        self.filters = filters
        self.retention = retention
        self.layout = layout
    }

    /// Throws `invalid_input` when the request would change the source's URL or backlog.
    public func checkFixedMembers(of source: Source) throws {
        if let url, url != source.url {
            throw SpoolError(.invalidInput, "url cannot be changed; remove the source and add the new URL instead")
        }
        if let backlog, backlog != source.backlog {
            throw SpoolError(.invalidInput, "backlog is chosen when a source is added and cannot be changed (it is \(source.backlog.text))")
        }
    }

    /// Applies the change to a source.
    public func apply(to source: inout Source) {
        if let name { source.name = name.trimmingCharacters(in: .whitespaces) }
        if let enabled { source.enabled = enabled }
        tabs?.apply(to: &source.tabs)
        if let schedule { source.schedule = schedule }
        if let feedUrl { source.feedURL = feedUrl }
        if let profileId { source.profileID = profileId }
        filters?.apply(to: &source.filters)
        retention?.apply(to: &source.retention)
        if let layout { source.layout = layout }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, enabled, tabs, schedule, feedUrl, profileId, filters, retention, layout, url, backlog
    }

    /// Decodes strictly (see the type's documentation).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        tabs = try c.decodeIfPresent(SourceTabsChange.self, forKey: .tabs)
        schedule = try c.decodeText(CheckSchedule.self, forKey: .schedule)
        feedUrl = try c.decodeNullable(String.self, forKey: .feedUrl)
        profileId = try c.decodeNullable(Int64.self, forKey: .profileId)
        filters = try c.decodeIfPresent(SourceFiltersChange.self, forKey: .filters)
        retention = try c.decodeIfPresent(RetentionChange.self, forKey: .retention)
        layout = try c.decodeIfPresent(OutputLayout.self, forKey: .layout)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        backlog = try c.decodeText(Backlog.self, forKey: .backlog)
    }

    /// Encodes the members that are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(enabled, forKey: .enabled)
        try c.encodeIfPresent(tabs, forKey: .tabs)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encodeChange(feedUrl, forKey: .feedUrl)
        try c.encodeChange(profileId, forKey: .profileId)
        if let filters, !filters.isEmpty { try c.encode(filters, forKey: .filters) }
        if let retention, !retention.isEmpty { try c.encode(retention, forKey: .retention) }
        try c.encodeIfPresent(layout, forKey: .layout)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(backlog, forKey: .backlog)
    }
}
