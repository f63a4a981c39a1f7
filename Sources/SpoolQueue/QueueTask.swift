import Foundation

/// A typed unit of queued work: its type names the queue, its key names the entry, and its value
/// travels as the entry's payload (JSON).
///
/// ```swift
/// struct SourceSync: QueueTask {
///     static let queue = QueueName(rawValue: "q:sync")
///     var sourceID: Int
///     var key: TaskKey { TaskKey("source:\(sourceID)") }
/// }
/// try await driver.enqueue(SourceSync(sourceID: 42))
/// // in a QueueProcessor handler on q:sync:
/// let sync = try context.task(as: SourceSync.self)
/// ```
public protocol QueueTask: Codable, Sendable {
    /// The queue tasks of this type go to.
    static var queue: QueueName { get }
    /// What the task is about; enqueueing a task whose key is queued replaces that entry.
    var key: TaskKey { get }
}

extension QueueTask {
    /// A request putting this task into ``queue``, with the task encoded as the payload.
    ///
    /// - Throws: the encoder's error when the task cannot be encoded.
    public func request(
        priority: Int = EnqueueRequest.normalPriority, position: Int64? = nil, notBefore: Date? = nil, forced: Bool = false
    ) throws -> EnqueueRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return EnqueueRequest(
            queue: Self.queue, key: key, payload: try encoder.encode(self), priority: priority, position: position,
            notBefore: notBefore, forced: forced
        )
    }

    /// Decodes the task an entry carries.
    ///
    /// - Throws: ``QueueError`` `.invalidPayload` when the entry is in another queue, has no
    ///   payload, or its payload is not a task of this type.
    public init(entry: QueueEntry) throws {
        guard entry.queue == Self.queue else {
            throw QueueError(.invalidPayload, "entry \(entry.key) in \(entry.queue) is not a \(Self.self) (those go to \(Self.queue))")
        }
        guard let payload = entry.payload else {
            throw QueueError(.invalidPayload, "entry \(entry.key) in \(entry.queue) has no payload")
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: payload)
        } catch {
            throw QueueError(.invalidPayload, "entry \(entry.key) in \(entry.queue) does not hold a \(Self.self)")
        }
    }
}

extension JobQueueDriver {
    /// Puts a typed task into its queue (``QueueTask/request(priority:position:notBefore:forced:)``).
    @discardableResult
    public func enqueue<T: QueueTask>(
        _ task: T, priority: Int = EnqueueRequest.normalPriority, position: Int64? = nil, notBefore: Date? = nil, forced: Bool = false
    ) async throws -> QueueEntry {
        try await enqueue(task.request(priority: priority, position: position, notBefore: notBefore, forced: forced))
    }
}
