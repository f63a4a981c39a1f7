import Foundation

/// A request to put a task into a queue.
public struct EnqueueRequest: Sendable, Hashable {
    /// The priority class new requests get unless told otherwise (SpoolCore's normal job priority).
    public static let normalPriority = 1

    /// Target queue.
    public var queue: QueueName
    /// What the entry is about; enqueueing a key that is already queued replaces its entry.
    public var key: TaskKey
    /// The task's arguments, opaque to the queue; every driver stores it and returns it on claim.
    public var payload: Data?
    /// Priority class rank; higher runs first.
    public var priority: Int
    /// Explicit position; nil appends after every entry of the queue.
    public var position: Int64?
    /// Not claimable before this time.
    public var notBefore: Date?
    /// Claimable even when the queue's concurrency is used up (Transmission's "start now").
    public var forced: Bool

    /// Creates a request.
    public init(
        queue: QueueName, key: TaskKey, payload: Data? = nil, priority: Int = EnqueueRequest.normalPriority,
        position: Int64? = nil, notBefore: Date? = nil, forced: Bool = false
    ) {
        self.queue = queue
        self.key = key
        self.payload = payload
        self.priority = priority
        self.position = position
        self.notBefore = notBefore
        self.forced = forced
    }
}
