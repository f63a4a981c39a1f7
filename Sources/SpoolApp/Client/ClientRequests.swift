import SpoolCore

/// Filters, sorting and paging of `GET /api/jobs`.
public struct JobListQuery: Sendable, Hashable {
    /// Only jobs in these states (empty: all).
    public var statuses: [JobState] = []
    /// Substring of url, title or tags.
    public var search: String?
    /// Only jobs with this tag.
    public var tag: String?
    /// Only jobs whose id starts with this.
    public var idPrefix: String?
    /// Page size (the server caps it at 500).
    public var limit: Int?
    /// Rows to skip.
    public var offset: Int?
    /// Sort key: `queue`, `created`, `updated`, `title`, `progress` or `state`.
    public var sort: String?
    /// `asc` or `desc`.
    public var order: String?

    /// Creates a query; nil members use the server's defaults.
    public init(statuses: [JobState] = [], search: String? = nil, tag: String? = nil, idPrefix: String? = nil, limit: Int? = nil,
                offset: Int? = nil, sort: String? = nil, order: String? = nil) {
        self.statuses = statuses
        self.search = search
        self.tag = tag
        self.idPrefix = idPrefix
        self.limit = limit
        self.offset = offset
        self.sort = sort
        self.order = order
    }

    /// The URL query items, in a stable order.
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if !statuses.isEmpty { items.append(("status", statuses.map(\.rawValue).joined(separator: ","))) }
        if let search, !search.isEmpty { items.append(("search", search)) }
        if let tag, !tag.isEmpty { items.append(("tag", tag)) }
        if let idPrefix, !idPrefix.isEmpty { items.append(("idPrefix", idPrefix)) }
        if let limit { items.append(("limit", String(limit))) }
        if let offset { items.append(("offset", String(offset))) }
        if let sort { items.append(("sort", sort)) }
        if let order { items.append(("order", order)) }
        return items
    }
}

/// Filters and paging of `GET /api/jobs/:id/logs`.
public struct LogQuery: Sendable, Hashable {
    /// Minimum log level (`debug`, `info`, `warning`, `error`).
    public var level: String?
    /// Only these event types (`log`, `error`, `state_change`, …).
    public var types: [String] = []
    /// Page size.
    public var limit: Int?
    /// Rows to skip.
    public var offset: Int?

    /// Creates a query; nil members use the server's defaults.
    public init(level: String? = nil, types: [String] = [], limit: Int? = nil, offset: Int? = nil) {
        self.level = level
        self.types = types
        self.limit = limit
        self.offset = offset
    }

    /// The URL query items.
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let level { items.append(("level", level)) }
        if !types.isEmpty { items.append(("type", types.joined(separator: ","))) }
        if let limit { items.append(("limit", String(limit))) }
        if let offset { items.append(("offset", String(offset))) }
        return items
    }
}

/// A job control action posted to `/api/jobs/:id/<action>`.
public enum JobAction: String, Sendable, CaseIterable {
    /// Stop the running stage and keep partial files.
    case pause
    /// Continue a paused job, or a failed one from its first unfinished stage.
    case resume
    /// Start now, ahead of the concurrency limit.
    case start
    /// Stop for good and remove temporary files.
    case cancel
    /// Start again from the beginning.
    case retry

    /// Past-tense verb for messages (`paused`, `resumed`, …).
    public var pastTense: String {
        switch self {
        case .pause: "paused"
        case .resume: "resumed"
        case .start: "started"
        case .cancel: "canceled"
        case .retry: "retried"
        }
    }
}
