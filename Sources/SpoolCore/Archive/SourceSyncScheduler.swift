import Foundation

/// Puts source checks into the sync queue (`q:sync`; SpoolWorker implements it on the queue driver).
public protocol SourceSyncScheduler: Sendable {
    /// Queues a check of `sourceID` (replacing a queued one); `notBefore` delays it.
    func enqueueSync(_ sourceID: Int64, mode: SyncMode, notBefore: Date?) async throws
    /// Drops the source's queued check, if any.
    func removeSync(_ sourceID: Int64) async throws
}

/// What a check of a source does.
public enum SyncMode: String, Sendable, Codable, Hashable, CaseIterable {
    /// The scheduled check: a first (or resumed) full index when the source has none, else an
    /// incremental listing that stops at known videos.
    case check
    /// A full re-index of every followed tab (on demand, or when the last is 30 days old).
    case full
    /// Only the Atom feed's newest entries; unseen ids are looked at, nothing is re-listed.
    case fast
}

/// Per-source progress: "N listed / M new / K queued / J done" (seed 004's GetProgress).
public struct SourceProgress: Sendable, Codable, Hashable {
    /// The source.
    public var sourceID: Int64
    /// What the source is doing now: `idle`, `indexing`, `checking`, `polling`, `cooling-down`.
    public var activity: String
    /// Items listed so far (all time).
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
    /// Items marked seen (before the backlog) or found archived by another source.
    public var skipped: Int
    /// Items waiting to become available (members-only, upcoming).
    public var deferred: Int

    /// Creates a progress record from the item counts.
    public init(sourceID: Int64, activity: String, new: Int, counts: [SourceItemPhase: Int]) {
        self.sourceID = sourceID
        self.activity = activity
        self.new = new
        self.listed = counts.values.reduce(0, +)
        self.queued = counts[.queued, default: 0]
        self.done = counts[.downloaded, default: 0]
        self.failed = counts[.failed, default: 0]
        self.filtered = counts[.filtered, default: 0]
        self.skipped = counts[.seen, default: 0] + counts[.duplicate, default: 0]
        self.deferred = counts[.deferred, default: 0]
    }

    /// The event that carries it over the event stream (ephemeral, like job progress).
    public var event: JobEvent {
        JobEvent(jobId: nil, type: .progress, payload: .object([
            "sourceId": .number(Double(sourceID)), "activity": .string(activity), "listed": .number(Double(listed)),
            "new": .number(Double(new)), "queued": .number(Double(queued)), "done": .number(Double(done)),
            "failed": .number(Double(failed)), "filtered": .number(Double(filtered)), "skipped": .number(Double(skipped)),
            "deferred": .number(Double(deferred)),
        ]))
    }
}

extension JobEvent {
    /// A `log` event about a source `{level, message, sourceId}` (no job), kept in the event log.
    public static func sourceLog(_ sourceID: Int64, _ level: LogLevel, _ message: String, at time: Date = Date()) -> JobEvent {
        JobEvent(jobId: nil, type: .log, timestamp: time, payload: .object([
            "level": .string(level.rawValue), "message": .string(message), "sourceId": .number(Double(sourceID)),
        ]))
    }
}
