import SpoolCore

/// A source's progress as the API shows it: what it is doing and how many of its items are where
/// ("N listed / M new / K queued / J done").
public struct SourceProgressDTO: Sendable, Codable, Hashable {
    /// `idle`, `indexing`, `checking`, `polling` or `cooling-down`.
    public var activity: String
    /// Items listed so far.
    public var listed: Int
    /// Items the running or last check found new.
    public var new: Int
    /// Items with a download waiting or running.
    public var queued: Int
    /// Items downloaded.
    public var done: Int
    /// Items whose download failed for good.
    public var failed: Int
    /// Items rejected by a filter.
    public var filtered: Int
    /// Items marked seen or archived by another source.
    public var skipped: Int
    /// Items waiting to become available.
    public var deferred: Int

    /// The API view of a source's progress.
    public init(_ progress: SourceProgress) {
        activity = progress.activity
        listed = progress.listed
        new = progress.new
        queued = progress.queued
        done = progress.done
        failed = progress.failed
        filtered = progress.filtered
        skipped = progress.skipped
        deferred = progress.deferred
    }
}
