import Logging
import SpoolAPIModels
import SpoolCore
import Synchronization

/// One client's subscription to live events, shared by the transports that let a client choose its
/// jobs while connected (`/api/ws` and Socket.IO).
///
/// Every ``subscribe(_:lastEventId:reply:)`` or ``unsubscribe(_:)`` restarts the pump (``run(started:deliver:)``):
/// an ``EventFollower`` takes an outbox, replays stored events after the cursor (the client's
/// `lastEventId`, else the last durable id already sent, else now), then follows live events,
/// handing over everything that waits in the outbox as one batch. Changes that arrive while the
/// pump restarts are applied together; the `reply` values given with them (a Socket.IO ack id, for
/// instance) are handed to `started` once the new stream's cursor is known.
final class LiveSubscription<Reply: Sendable>: Sendable {
    /// Why ``run(started:deliver:)`` returned.
    enum End: Sendable, Equatable {
        /// The client fell further behind than its outbox holds; it resumes by id.
        case overflowed
        /// The event stream ended (the server stops serving it).
        case ended
        /// ``stop()`` was called before anything was subscribed.
        case stopped
    }

    private struct State {
        var selection: JobSelection?
        var explicitCursor: Int64?
        var watermark: Int64?
        var restartRequested = false
        var current: EventOutbox?
        var replies: [Reply] = []
        var visibility: JobVisibilityFilter?
    }

    private let follower: EventFollower
    private let state = Mutex(State())
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Creates an empty subscription; nothing is delivered before the first ``subscribe(_:lastEventId:reply:)``.
    init(follower: EventFollower) {
        self.follower = follower
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Keeps the events delivered from now on to the jobs `filter` lets through (set when the
    /// client authenticates, before its first subscription).
    func restrict(to filter: JobVisibilityFilter?) {
        state.withLock { $0.visibility = filter }
    }

    /// Adds jobs (ids are lowercased); with `lastEventId`, stored events after it are replayed first.
    ///
    /// - Throws: `invalid_input` when an id is not a job id (nothing changes then).
    func subscribe(_ selection: JobSelection, lastEventId: Int64?, reply: Reply? = nil) throws {
        var selection = selection
        if case .jobs(let ids) = selection {
            selection = .jobs(Self.normalized(ids))
            if let bad = ids.first(where: { !JobID($0.rawValue.lowercased()).isWellFormed }) {
                throw SpoolError(.invalidInput, "'\(bad.rawValue.prefix(40))' is not a job id")
            }
        }
        restart { state in
            state.selection = (state.selection ?? .jobs([])).adding(selection)
            if let lastEventId { state.explicitCursor = lastEventId }
            if let reply { state.replies.append(reply) }
        }
    }

    /// Removes jobs; returns what the subscription covers now (no jobs when nothing was subscribed).
    @discardableResult
    func unsubscribe(_ ids: Set<JobID>) -> JobSelection {
        guard state.withLock({ $0.selection != nil }) else { return .jobs([]) }
        return restart { state in
            state.selection = (state.selection ?? .jobs([])).removing(Self.normalized(ids))
        }
    }

    /// Forgets every job and the cursor (the client left, but the connection stays).
    func clear() {
        guard state.withLock({ $0.selection != nil }) else { return }
        restart { state in
            state.selection = .jobs([])
            state.explicitCursor = nil
            state.watermark = nil
            state.replies = []
        }
    }

    /// Ends the pump for good.
    func stop() {
        wake.finish()
        state.withLock { $0.current }?.finish()
    }

    /// Delivers events from the first subscription on, until the stream ends, the client overflows
    /// or ``stop()``.
    ///
    /// - Parameters:
    ///   - started: Called each time the stream (re)starts, before any of its events, with what it
    ///     covers, the cursor it replays after, and the replies of the changes it applies.
    ///   - deliver: Sends events to the client, in order, each at most once.
    func run(
        started: (JobSelection, Int64, [Reply]) async throws -> Void,
        deliver: ([EncodedEvent]) async throws -> Void
    ) async throws -> End {
        for await _ in wakes {
            return try await stream(started: started, deliver: deliver)
        }
        return .stopped
    }

    private func stream(
        started: (JobSelection, Int64, [Reply]) async throws -> Void,
        deliver: ([EncodedEvent]) async throws -> Void
    ) async throws -> End {
        while true {
            let (outbox, selection, startCursor, replies, visibility) = state.withLock { state in
                let selection = state.selection ?? .jobs([])
                let outbox = follower.subscribe(selection)
                state.current = outbox
                state.restartRequested = false
                defer {
                    state.explicitCursor = nil
                    state.replies = []
                }
                return (outbox, selection, state.explicitCursor ?? state.watermark, state.replies, state.visibility)
            }
            let cursor: Int64
            if let startCursor {
                cursor = startCursor
            } else {
                cursor = try await follower.latestEventID()
            }
            try await started(selection, cursor, replies)
            advanceWatermark(to: cursor)
            let end = try await follower.follow(outbox, after: cursor, visibility: visibility, deliver: { events in
                try await deliver(events)
                if let last = events.last(where: { $0.event.type.isDurable }) { advanceWatermark(to: last.event.id) }
            })
            outbox.finish()
            if end == .overflowed { return .overflowed }
            guard state.withLock({ $0.restartRequested }) else { return .ended }
        }
    }

    /// Applies a change and makes the pump start over with it.
    @discardableResult
    private func restart(_ change: (inout State) -> Void) -> JobSelection {
        let (selection, current) = state.withLock { state in
            change(&state)
            state.restartRequested = true
            return (state.selection ?? .jobs([]), state.current)
        }
        current?.finish()
        wake.yield()
        return selection
    }

    private func advanceWatermark(to id: Int64) {
        state.withLock { $0.watermark = max($0.watermark ?? 0, id) }
    }

    /// Job ids as Spool writes them (lowercase).
    private static func normalized(_ ids: Set<JobID>) -> Set<JobID> {
        Set(ids.map { JobID($0.rawValue.lowercased()) })
    }
}
