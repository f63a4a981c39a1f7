/// One job a retention deletes (or, in a dry run, would delete): the job, its stored files, their
/// size and why. A dry run lists ``Job/storedFiles(media:)``, the files a real run removes.
public struct RetentionDeletion: Sendable, Hashable {
    /// The job (nil for a source's item whose job is already gone).
    public var jobID: JobID?
    /// The source the video belongs to; nil for a library job.
    public var sourceID: Int64?
    /// The site's id of a source's video; nil for a library job.
    public var mediaID: String?
    /// The video's title, when known.
    public var title: String?
    /// The stored files (local paths or object keys, as opaque strings).
    public var paths: [String]
    /// The video's size (``Media/filesize``); nil when unknown.
    public var bytes: Int64?
    /// Why it goes (`older than 30 days`, `beyond the newest 3`, `over the size limit …`).
    public var reason: String

    /// Creates a deletion.
    public init(
        jobID: JobID?, sourceID: Int64? = nil, mediaID: String? = nil, title: String? = nil, paths: [String] = [], bytes: Int64? = nil,
        reason: String
    ) {
        self.jobID = jobID
        self.sourceID = sourceID
        self.mediaID = mediaID
        self.title = title
        self.paths = paths
        self.bytes = bytes
        self.reason = reason
    }

    /// How a log names it: the title (or media id, or job id).
    public var name: String { title ?? mediaID ?? jobID?.rawValue ?? "?" }

    /// The server log's line: `deleted job 3f2c… 'Title' (source 4): older than 30 days`
    /// (`would delete …` in a dry run).
    public func logMessage(dryRun: Bool = false) -> String {
        let verb = dryRun ? "would delete" : "deleted"
        let job = jobID.map { "job \($0) " } ?? ""
        let owner = sourceID.map { " (source \($0))" } ?? " (library)"
        return "retention \(verb) \(job)'\(name)'\(owner): \(reason)"
    }

    /// Dotted metadata for a structured server log line (`job.id`, `source.id`, `retention.reason`, …).
    public var logMetadata: [String: String] {
        var metadata = ["retention.reason": reason, "file.count": String(paths.count)]
        if let jobID { metadata["job.id"] = jobID.rawValue }
        if let sourceID { metadata["source.id"] = String(sourceID) }
        if let mediaID { metadata["media.id"] = mediaID }
        if let title { metadata["job.title"] = title }
        if let bytes { metadata["file.bytes"] = String(bytes) }
        if !paths.isEmpty { metadata["file.paths"] = paths.joined(separator: "\n") }
        return metadata
    }
}
