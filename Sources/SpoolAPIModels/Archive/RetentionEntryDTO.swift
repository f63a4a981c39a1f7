import SpoolCore

/// One video a retention deletes (or would delete): its job, its stored files, their size and the
/// reason. A dry run lists the files a real run removes.
public struct RetentionEntryDTO: Sendable, Codable, Hashable {
    /// The site's id of a source's video; `null` for a library job.
    public var mediaId: String?
    /// The job (`null` for a source's video whose job is gone already).
    public var jobId: String?
    /// Its title, when known.
    public var title: String?
    /// The stored files (local paths or object keys).
    public var paths: [String]
    /// The video's size in bytes; `null` when unknown (the size limit counts it as 0).
    public var bytes: Int64?
    /// Why it goes (`beyond the newest 3`, `older than 30 days`, `over the size limit …`).
    public var reason: String

    /// The API view of one retention decision.
    public init(_ deletion: RetentionDeletion) {
        mediaId = deletion.mediaID
        jobId = deletion.jobID?.rawValue
        title = deletion.title
        paths = deletion.paths
        bytes = deletion.bytes
        reason = deletion.reason
    }

    private enum CodingKeys: String, CodingKey {
        case mediaId, jobId, title, paths, bytes, reason
    }

    /// Encodes every member, a missing one as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mediaId, forKey: .mediaId)
        try c.encode(jobId, forKey: .jobId)
        try c.encode(title, forKey: .title)
        try c.encode(paths, forKey: .paths)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(reason, forKey: .reason)
    }

    /// Decodes leniently (members added later may be missing).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mediaId = try c.decodeIfPresent(String.self, forKey: .mediaId)
        jobId = try c.decodeIfPresent(String.self, forKey: .jobId)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        paths = try c.decodeIfPresent([String].self, forKey: .paths) ?? []
        bytes = try c.decodeIfPresent(Int64.self, forKey: .bytes)
        reason = try c.decode(String.self, forKey: .reason)
    }
}
