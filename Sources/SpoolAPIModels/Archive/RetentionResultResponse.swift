/// `POST /api/sources/{id}/retention`: what the retention deleted, oldest first.
public struct RetentionResultResponse: Sendable, Codable, Hashable {
    /// The videos deleted (files and jobs).
    public var deleted: [RetentionEntryDTO]

    /// Creates a result.
    public init(deleted: [RetentionEntryDTO]) {
        self.deleted = deleted
    }
}
