/// `GET /api/sources`: every source, by id.
public struct SourceListResponse: Sendable, Codable, Hashable {
    /// The sources.
    public var sources: [SourceDTO]

    /// Creates a list.
    public init(sources: [SourceDTO]) {
        self.sources = sources
    }
}
