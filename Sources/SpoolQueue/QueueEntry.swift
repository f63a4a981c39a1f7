import Foundation

/// A task's place in a queue.
public struct QueueEntry: Sendable, Hashable {
    /// Queue.
    public var queue: QueueName
    /// What the entry is about (one entry per key and queue).
    public var key: TaskKey
    /// The task's arguments as enqueued, if any.
    public var payload: Data?
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
    public init(
        queue: QueueName, key: TaskKey, payload: Data? = nil, priority: Int, position: Int64, attempts: Int = 0,
        notBefore: Date? = nil, forced: Bool = false
    ) {
        self.queue = queue
        self.key = key
        self.payload = payload
        self.priority = priority
        self.position = position
        self.attempts = attempts
        self.notBefore = notBefore
        self.forced = forced
    }
}
