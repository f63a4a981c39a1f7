import SpoolCore

/// `GET /api/sources/{id}/media`: a page of a source's items and how many it has in each phase.
public struct SourceItemListResponse: Sendable, Codable, Hashable {
    /// The page, newest listing position first.
    public var items: [SourceItemDTO]
    /// Items per phase name (all of the source's items; every phase is present).
    public var counts: [String: Int]

    /// Creates a page.
    public init(items: [SourceItemDTO], counts: [SourceItemPhase: Int]) {
        self.items = items
        self.counts = Dictionary(uniqueKeysWithValues: SourceItemPhase.allCases.map { ($0.rawValue, counts[$0, default: 0]) })
    }
}
