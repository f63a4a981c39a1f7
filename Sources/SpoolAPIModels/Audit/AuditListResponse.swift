/// The body of `GET /api/audit`: a page of entries, newest first.
public struct AuditListResponse: Sendable, Codable, Hashable {
    /// The entries.
    public var entries: [AuditEntryDTO]
    /// Pass as `cursor` for the next (older) page; absent on the last one.
    public var nextCursor: String?

    /// Creates the response.
    public init(entries: [AuditEntryDTO], nextCursor: String?) {
        self.entries = entries
        self.nextCursor = nextCursor
    }
}
