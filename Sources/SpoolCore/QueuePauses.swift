import Foundation
import Synchronization

/// A queue that claims no new entries until what stopped it is over: the download queue on a full
/// media volume.
public struct QueuePause: Sendable, Hashable, Codable {
    /// The queue, e.g. `q:download`.
    public var queue: String
    /// Why, safe to show a user: `No space left on device`.
    public var reason: String
    /// When it paused.
    public var since: Date
    /// Free bytes on the media volume when it paused (nil when unknown).
    public var freeBytes: Int64?
    /// Free bytes it waits for before resuming (MIN_FREE_SPACE).
    public var resumeAtBytes: Int64

    /// Creates a pause.
    public init(queue: String, reason: String, since: Date, freeBytes: Int64?, resumeAtBytes: Int64) {
        self.queue = queue
        self.reason = reason
        self.since = since
        self.freeBytes = freeBytes
        self.resumeAtBytes = resumeAtBytes
    }

    /// Encodes every member, an unknown free space as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queue, forKey: .queue)
        try container.encode(reason, forKey: .reason)
        try container.encode(since, forKey: .since)
        try container.encode(freeBytes, forKey: .freeBytes)
        try container.encode(resumeAtBytes, forKey: .resumeAtBytes)
    }
}

/// The queues this process has paused, shared by the stages that pause them and the API that
/// reports them (`GET /api/queue`), and the pauses other processes of a deployment announced.
public final class QueuePauses: Sendable {
    private let pauses = Mutex<[String: QueuePause]>([:])
    private let reported = Mutex<[String: QueuePause]>([:])
    /// The one read of the stored announcements (``restore(from:lookback:)``).
    private let restoring = Mutex<Task<Int64, any Error>?>(nil)

    /// Creates an empty set.
    public init() {}

    /// Pauses a queue; false when it was paused already (the first reason is kept).
    @discardableResult
    public func pause(_ pause: QueuePause) -> Bool {
        pauses.withLock { pauses in
            guard pauses[pause.queue] == nil else { return false }
            pauses[pause.queue] = pause
            return true
        }
    }

    /// Resumes a queue; returns its pause, nil when it was not paused.
    @discardableResult
    public func resume(_ queue: String) -> QueuePause? {
        pauses.withLock { $0.removeValue(forKey: queue) }
    }

    /// The pause of `queue`, if it is paused.
    public func pause(of queue: String) -> QueuePause? {
        pauses.withLock { $0[queue] }
    }

    /// Every paused queue, keyed by name: this process's pauses, and for other queues the pauses
    /// announced on the event bus (a download worker's full disk, seen from the API's process).
    public var all: [String: QueuePause] {
        let local = pauses.withLock { $0 }
        return reported.withLock { $0 }.merging(local) { _, own in own }
    }

    /// Applies a `queue.paused` or `queue.resumed` event from any process (this one's own too); an
    /// event of another kind changes nothing.
    public func note(_ event: JobEvent) {
        let payload = event.payload
        guard event.type == .notification, let kind = payload["type"]?.stringValue, let queue = payload["queue"]?.stringValue else { return }
        switch kind {
        case NotificationEventType.queuePaused.rawValue:
            let pause = QueuePause(
                queue: queue, reason: payload["reason"]?.stringValue ?? payload["message"]?.stringValue ?? "paused",
                since: event.timestamp, freeBytes: payload["freeBytes"]?.intValue.map(Int64.init),
                resumeAtBytes: payload["resumeAtBytes"]?.intValue.map(Int64.init) ?? 0
            )
            reported.withLock { $0[queue] = pause }
        case NotificationEventType.queueResumed.rawValue:
            _ = reported.withLock { $0.removeValue(forKey: queue) }
        default:
            break
        }
    }
}

extension QueuePauses {
    /// Stored events ``restore(from:lookback:)`` reads by default.
    public static let defaultLookback: Int64 = 10_000

    /// Applies the `queue.paused` and `queue.resumed` announcements among the last `lookback`
    /// stored events, oldest first, as ``note(_:)`` applies them from the bus; returns the id of the
    /// newest event read (0 when the store is empty). A pause announced before those events is not
    /// seen. The store is read once per set: later calls (the API's follower and the download gate
    /// of one process) share that read and its result.
    public func restore(from store: any JobStore, lookback: Int64 = QueuePauses.defaultLookback) async throws -> Int64 {
        let read = restoring.withLock { current in
            if let current { return current }
            let read = Task { try await self.applyStored(from: store, lookback: lookback) }
            current = read
            return read
        }
        return try await read.value
    }

    private func applyStored(from store: any JobStore, lookback: Int64) async throws -> Int64 {
        let latest = try await store.latestEventID()
        var after = max(0, latest - lookback)
        while after < latest {
            let page = try await store.events(after: after, jobIDs: nil, limit: 1_000)
            guard let last = page.last else { break }
            for event in page where event.type == .notification { note(event) }
            after = last.id
        }
        return after
    }
}
