/// `GET /api/jobs/:id/logs`: one page of a job's events, oldest first.
public struct EventListResponse: Sendable, Codable, Hashable {
    /// Events on this page.
    public var events: [EventDTO]
    /// All matching events.
    public var total: Int
    /// Page size used.
    public var limit: Int
    /// Rows skipped.
    public var offset: Int

    /// Creates a page.
    public init(events: [EventDTO], total: Int, limit: Int, offset: Int) {
        self.events = events
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}
