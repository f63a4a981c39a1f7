import SpoolCore

/// One video a source's retention deletes (or would delete), with the reason.
public struct RetentionEntryDTO: Sendable, Codable, Hashable {
    /// The site's id of the video.
    public var mediaId: String
    /// Its title, when listed.
    public var title: String?
    /// Why it goes (`beyond the newest 3`, `older than 30 days`).
    public var reason: String

    /// The API view of one retention decision.
    public init(_ item: SourceItem, reason: String) {
        mediaId = item.entry.mediaID
        title = item.entry.title
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case mediaId, title, reason
    }

    /// Encodes every member, a missing title as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mediaId, forKey: .mediaId)
        try c.encode(title, forKey: .title)
        try c.encode(reason, forKey: .reason)
    }
}
