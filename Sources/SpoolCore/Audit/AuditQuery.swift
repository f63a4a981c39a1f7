import Foundation

/// Which audit entries to read: filters, newest first, a page at a time.
public struct AuditQuery: Sendable, Hashable {
    /// Only this actor's entries (user name, `system` or `cli`).
    public var actor: String?
    /// Only actions starting with this (`job.` or `auth.login`).
    public var actionPrefix: String?
    /// Only entries at or after this time.
    public var since: Date?
    /// Only entries before this time.
    public var until: Date?
    /// Only entries older than this id (the previous page's ``AuditPage/nextCursor``).
    public var before: Int64?
    /// At most this many entries.
    public var limit: Int

    /// Creates a query.
    public init(actor: String? = nil, actionPrefix: String? = nil, since: Date? = nil, until: Date? = nil, before: Int64? = nil, limit: Int = 100) {
        self.actor = actor
        self.actionPrefix = actionPrefix
        self.since = since
        self.until = until
        self.before = before
        self.limit = limit
    }
}

/// A page of audit entries, newest first.
public struct AuditPage: Sendable, Hashable {
    /// The entries.
    public var entries: [AuditEntry]
    /// The cursor of the next (older) page, nil on the last one.
    public var nextCursor: Int64?

    /// Creates a page.
    public init(entries: [AuditEntry], nextCursor: Int64?) {
        self.entries = entries
        self.nextCursor = nextCursor
    }
}
