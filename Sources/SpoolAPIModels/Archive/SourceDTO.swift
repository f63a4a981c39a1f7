import Foundation
import SpoolCore

/// A followed source as the API shows it. Every member is always present; unset values are `null`.
public struct SourceDTO: Sendable, Codable, Hashable, Identifiable {
    /// The source's id.
    public var id: Int64
    /// Display name (and folder).
    public var name: String
    /// The channel, playlist or feed URL.
    public var url: String
    /// Whether the schedule checks it.
    public var enabled: Bool
    /// Followed tabs `{videos, shorts, streams}`.
    public var tabs: SourceTabs
    /// `every 360m` or `daily 04:30` (UTC).
    public var schedule: CheckSchedule
    /// The Atom feed of fast checks.
    public var feedUrl: String?
    /// The download profile; nil for the built-in defaults.
    public var profileId: Int64?
    /// Which listed videos are queued.
    public var filters: SourceFiltersDTO
    /// What is deleted again.
    public var retention: RetentionDTO
    /// `archive`, `media-server` or a yt-dlp output template.
    public var layout: OutputLayout
    /// `all`, `none`, `newest:N` or `since:YYYY-MM-DD`; fixed when the source was added.
    public var backlog: Backlog
    /// When it was added.
    public var createdAt: Date
    /// When it was and will be checked, and the last check's error.
    public var status: Status
    /// Item counts and what it is doing.
    public var progress: SourceProgressDTO

    /// When a source was and will be checked.
    public struct Status: Sendable, Codable, Hashable {
        /// The last check that finished.
        public var lastCheckAt: Date?
        /// The last complete listing of every followed tab.
        public var lastFullIndexAt: Date?
        /// When the schedule checks it next.
        public var nextCheckAt: Date?
        /// Why the last check failed; nil after a success.
        public var lastError: String?

        /// The API view of a source's status.
        public init(_ status: SourceStatus) {
            lastCheckAt = status.lastCheckAt
            lastFullIndexAt = status.lastFullIndexAt
            nextCheckAt = status.nextCheckAt
            lastError = status.lastError
        }

        private enum CodingKeys: String, CodingKey {
            case lastCheckAt, lastFullIndexAt, nextCheckAt, lastError
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(lastCheckAt, forKey: .lastCheckAt)
            try c.encode(lastFullIndexAt, forKey: .lastFullIndexAt)
            try c.encode(nextCheckAt, forKey: .nextCheckAt)
            try c.encode(lastError, forKey: .lastError)
        }
    }

    /// The API view of a source and its progress.
    public init(_ source: Source, progress: SourceProgress) {
        id = source.id
        name = source.name
        url = source.url
        enabled = source.enabled
        tabs = source.tabs
        schedule = source.schedule
        feedUrl = source.feedURL
        profileId = source.profileID
        filters = SourceFiltersDTO(source.filters)
        retention = RetentionDTO(source.retention)
        layout = source.layout
        backlog = source.backlog
        createdAt = source.createdAt
        status = Status(source.status)
        self.progress = SourceProgressDTO(progress)
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, url, enabled, tabs, schedule, feedUrl, profileId, filters, retention, layout, backlog, createdAt, status, progress
    }

    /// Encodes every member, nil as `null`, so the shape never changes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(url, forKey: .url)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(tabs, forKey: .tabs)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(feedUrl, forKey: .feedUrl)
        try c.encode(profileId, forKey: .profileId)
        try c.encode(filters, forKey: .filters)
        try c.encode(retention, forKey: .retention)
        try c.encode(layout, forKey: .layout)
        try c.encode(backlog, forKey: .backlog)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(status, forKey: .status)
        try c.encode(progress, forKey: .progress)
    }
}
