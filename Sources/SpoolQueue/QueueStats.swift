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
