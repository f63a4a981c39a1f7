import Foundation

/// One video of one source (one row per source and media id): what was listed, what was decided
/// about it, and the job that downloads it.
public struct SourceItem: Sendable, Codable, Hashable {
    /// The source it belongs to.
    public var sourceID: Int64
    /// The listing's view of the video.
    public var entry: ListedEntry
    /// What Spool did with it.
    public var status: SourceItemStatus
    /// Why it was filtered, skipped, deferred or deleted.
    public var reason: String?
    /// The download job, once queued.
    public var jobID: JobID?
    /// The job's state, read with the item (nil when there is no job or it was removed).
    public var jobState: JobState?
    /// The user asked to keep it whatever the retention says.
    public var keep: Bool
    /// Listing order within its source (smaller is newer for channels and feeds).
    public var position: Int
    /// When it was first listed.
    public var listedAt: Date
    /// When a deferred item (members-only, upcoming) is looked at again.
    public var retryAt: Date?

    /// Creates an item.
    public init(
        sourceID: Int64, entry: ListedEntry, status: SourceItemStatus, reason: String? = nil, jobID: JobID? = nil, jobState: JobState? = nil,
        keep: Bool = false, position: Int, listedAt: Date, retryAt: Date? = nil
    ) {
        self.sourceID = sourceID
        self.entry = entry
        self.status = status
        self.reason = reason
        self.jobID = jobID
        self.jobState = jobState
        self.keep = keep
        self.position = position
        self.listedAt = listedAt
        self.retryAt = retryAt
    }

    /// What a user sees: the stored decision, or for a queued item its job's outcome.
    public var phase: SourceItemPhase {
        switch status {
        case .queued:
            switch jobState {
            case .complete: .downloaded
            case .failed: .failed
            case .canceled, nil: .removed
            default: .queued
            }
        case .listed: .listed
        case .seen: .seen
        case .filtered: .filtered
        case .duplicate: .duplicate
        case .deferred: .deferred
        case .deleted: .deleted
        }
    }
}

/// The decision stored for a listed video.
public enum SourceItemStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Listed by a first index that has not finished; decided by the backlog when it does.
    case listed
    /// Published before the backlog the user chose: known, never downloaded.
    case seen
    /// Rejected by a filter (the reason says which); never retried.
    case filtered
    /// Already archived by another source (the reason names it).
    case duplicate
    /// Not available yet (members-only, upcoming, live now); looked at again at `retryAt`.
    case deferred
    /// A download job was created.
    case queued
    /// Its files were deleted by the retention or by hand; never downloaded again.
    case deleted
}

/// What a user sees of an item (``SourceItem/phase``).
public enum SourceItemPhase: String, Sendable, Codable, Hashable, CaseIterable {
    case listed, seen, filtered, duplicate, deferred, queued, downloaded, failed, removed, deleted
}
