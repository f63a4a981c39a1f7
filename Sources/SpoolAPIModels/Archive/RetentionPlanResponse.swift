/// `GET /api/sources/{id}/retention`: what the retention would delete now (a dry run), oldest first.
public struct RetentionPlanResponse: Sendable, Codable, Hashable {
    /// The videos that would go.
    public var items: [RetentionEntryDTO]

    /// Creates a plan.
    public init(items: [RetentionEntryDTO]) {
        self.items = items
    }
}
