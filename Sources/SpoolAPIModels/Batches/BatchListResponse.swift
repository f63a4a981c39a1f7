/// A page of batches, newest first: `{batches, total, limit, offset}`.
public struct BatchListResponse: Sendable, Codable, Hashable {
    /// The page.
    public var batches: [BatchDTO]
    /// How many batches there are in all.
    public var total: Int
    /// The page size asked for.
    public var limit: Int
    /// Batches skipped before the page.
    public var offset: Int

    /// Creates a page.
    public init(batches: [BatchDTO], total: Int, limit: Int, offset: Int) {
        self.batches = batches
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}
