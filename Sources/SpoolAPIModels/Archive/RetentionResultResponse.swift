/// `POST /api/sources/{id}/retention`: what the retention deleted, oldest first.
public struct RetentionResultResponse: Sendable, Codable, Hashable {
    /// The videos deleted (files and jobs).
    public var deleted: [RetentionEntryDTO]
    /// Deletions that failed (`'title' [id]: why`); they are tried again next time.
    public var errors: [String]

    /// Creates a result.
    public init(deleted: [RetentionEntryDTO], errors: [String] = []) {
        self.deleted = deleted
        self.errors = errors
    }

    private enum CodingKeys: String, CodingKey {
        case deleted, errors
    }

    /// Decodes leniently (`errors` may be missing).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        deleted = try c.decode([RetentionEntryDTO].self, forKey: .deleted)
        errors = try c.decodeIfPresent([String].self, forKey: .errors) ?? []
    }
}
