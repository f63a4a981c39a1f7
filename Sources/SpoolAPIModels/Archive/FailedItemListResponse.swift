/// `GET /api/archive/failed`: items of every source whose download failed for good (the dead
/// letters), newest first, each with its `sourceId`.
public struct FailedItemListResponse: Sendable, Codable, Hashable {
    /// The items.
    public var items: [SourceItemDTO]

    /// Creates a list.
    public init(items: [SourceItemDTO]) {
        self.items = items
    }
}
