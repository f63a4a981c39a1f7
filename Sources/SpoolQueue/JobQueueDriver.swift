import Foundation
import SpoolCore

/// A named queue (`q:download`, `q:dub`, …).
public struct QueueName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The queue's name.
    public let rawValue: String
    /// Wraps a name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The queue of a stage.
    public init(_ stage: Stage) { self.rawValue = stage.queueName }
    /// The name.
    public var description: String { rawValue }
    /// `q:download`.
    public static let download = QueueName(.download)
    /// `q:dub`.
    public static let dub = QueueName(.dub)
    /// `q:mux`.
    public static let mux = QueueName(.mux)
    /// `q:process`.
    public static let process = QueueName(.process)
}

/// A request to put a job into a queue.
public struct EnqueueRequest: Sendable, Hashable {
    /// Target queue.
    public var queue: QueueName
    /// The job.
    public var jobID: JobID
    /// Priority class rank; higher runs first.
    public var priority: Int
    /// Explicit position; nil appends after every entry of the queue.
    public var position: Int64?
    /// Not claimable before this time.
    public var notBefore: Date?
    /// Claimable even when the queue's concurrency is used up (Transmission's "start now").
    public var forced: Bool

    /// Creates a request.
    public init(queue: QueueName, jobID: JobID, priority: Int = JobPriority.normal.rank, position: Int64? = nil, notBefore: Date? = nil, forced: Bool = false) {
        self.queue = queue
        self.jobID = jobID
        self.priority = priority
        self.position = position
        self.notBefore = notBefore
        self.forced = forced
    }
}

/// A job's place in a queue.
public struct QueueEntry: Sendable, Hashable {
    /// Queue.
    public var queue: QueueName
    /// The job (one entry per job and queue).
    public var jobID: JobID
    /// Priority class rank.
    public var priority: Int
    /// Position; lower runs first within a priority class.
    public var position: Int64
    /// Failed attempts so far.
    public var attempts: Int
    /// Not claimable before this time.
    public var notBefore: Date?
    /// Start regardless of the concurrency limit.
    public var forced: Bool

    /// Creates an entry.
    public init(queue: QueueName, jobID: JobID, priority: Int, position: Int64, attempts: Int = 0, notBefore: Date? = nil, forced: Bool = false) {
        self.queue = queue
        self.jobID = jobID
        self.priority = priority
        self.position = position
        self.attempts = attempts
        self.notBefore = notBefore
        self.forced = forced
    }
}

/// A claimed entry, held until completed, failed, released or expired.
public struct QueueLease: Sendable, Hashable {
    /// The entry as claimed.
    public var entry: QueueEntry
    /// Unique per claim; a stale lease cannot ack a newer claim.
    public var token: String
    /// Worker holding it.
    public var workerID: String
    /// When the lease runs out unless renewed.
    public var expiresAt: Date

    /// Creates a lease.
    public init(entry: QueueEntry, token: String, workerID: String, expiresAt: Date) {
        self.entry = entry
        self.token = token
        self.workerID = workerID
        self.expiresAt = expiresAt
    }
}

/// Bounded retries with exponential backoff.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt (MAX_RETRIES).
    public var maxRetries: Int
    /// Delay before the first retry.
    public var baseDelay: Duration
    /// Longest delay.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxRetries: Int = 3, baseDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(300)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Delay before retry number `attempt` (1-based): base × 2^(attempt−1), capped.
    public func delay(forAttempt attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 20)
        let delay = baseDelay * factor
        return min(delay, maxDelay)
    }
}

/// What happened to a failed lease.
public enum FailureDisposition: Sendable, Hashable {
    /// Scheduled again at this time; `attempt` failures so far.
    case retry(at: Date, attempt: Int)
    /// Out of retries; the entry went to the dead-letter list.
    case deadLettered(attempts: Int)
}

/// Counts for one queue (seed 004's stats).
public struct QueueStats: Sendable, Hashable, Codable {
    /// Claimable now.
    public var pending: Int
    /// Waiting for a retry time.
    public var delayed: Int
    /// Leased by a worker.
    public var active: Int
    /// Completed since the queue was created.
    public var completed: Int
    /// Dead-lettered.
    public var failed: Int
    /// Whether the whole queue is paused.
    public var paused: Bool

    /// Creates stats.
    public init(pending: Int = 0, delayed: Int = 0, active: Int = 0, completed: Int = 0, failed: Int = 0, paused: Bool = false) {
        self.pending = pending
        self.delayed = delayed
        self.active = active
        self.completed = completed
        self.failed = failed
        self.paused = paused
    }
}

/// A queue backend with at-least-once delivery and leases (shaped after swift-jobs' driver).
///
/// Ordering: forced entries first, then priority (higher first), then position (lower first).
/// Entries with a future `notBefore`, leased entries and entries of a paused queue are not claimable.
/// An expired lease makes its entry claimable again (the worker is presumed dead).
public protocol JobQueueDriver: Sendable {
    /// Adds the job to the queue, replacing its existing entry there (attempts reset).
    @discardableResult
    func enqueue(_ request: EnqueueRequest) async throws -> QueueEntry
    /// Claims the next entry, or nil. With `forcedOnly`, only forced entries qualify.
    func claim(from queue: QueueName, workerID: String, leaseDuration: Duration, forcedOnly: Bool) async throws -> QueueLease?
    /// Extends a lease; throws `SpoolError.leaseLost` if it expired and was claimed again, or was removed.
    func renew(_ lease: QueueLease, by duration: Duration) async throws -> QueueLease
    /// Removes the entry after success.
    func complete(_ lease: QueueLease) async throws
    /// Records a failure: schedules a retry with backoff, or dead-letters after `policy.maxRetries`.
    func fail(_ lease: QueueLease, error: String, policy: RetryPolicy) async throws -> FailureDisposition
    /// Hands the entry back without counting an attempt (shutdown), claimable after `delay`.
    func release(_ lease: QueueLease, delay: Duration) async throws
    /// Removes the job's entries (from one queue or all); returns how many were removed.
    @discardableResult
    func remove(jobID: JobID, from queue: QueueName?) async throws -> Int
    /// Moves a pending entry among the queue's pending entries; returns its new position.
    func move(jobID: JobID, in queue: QueueName, _ move: QueueMove) async throws -> Int64?
    /// The queue's entries in claim order (leased ones included).
    func entries(in queue: QueueName) async throws -> [QueueEntry]
    /// Counts for the queue.
    func stats(for queue: QueueName) async throws -> QueueStats
    /// Stops (or restarts) claims from the whole queue.
    func setPaused(_ paused: Bool, queue: QueueName) async throws
    /// Makes every lease claimable again; used at start by the single embedded process.
    func releaseAllLeases() async throws
}
