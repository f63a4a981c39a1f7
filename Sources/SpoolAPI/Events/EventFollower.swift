import SpoolAPIModels
import SpoolCore

/// Follows the event log for one live stream, whatever its transport (SSE, the WebSocket, later
/// Socket.IO): subscribe to the bus first, replay stored events after the client's cursor page by
/// page, then follow live events, skipping durable ones the replay already delivered — no gap, no
/// repeat. Progress events are never skipped.
///
/// A transport takes a ``subscribe()`` before it reads any cursor, hands it to
/// ``follow(_:selection:after:onHeartbeat:deliver:)``, and decides what an overflow means for its
/// client (the client resumes by id either way).
struct EventFollower: Sendable {
    /// How a follow ended.
    enum End: Sendable, Equatable {
        /// The subscription was finished (client gone, shutdown, restart).
        case finished
        /// The client fell further behind than the subscription's buffer.
        case overflowed
    }

    /// The live events.
    let events: any EventBus
    /// The durable events, for replay.
    let store: any JobStore
    /// Events read per replay query.
    let pageSize: Int

    /// A new subscription to the bus; take it before reading the cursor, so that nothing published
    /// in between is lost.
    func subscribe() -> EventSubscription {
        events.subscribe()
    }

    /// The newest stored event id: the cursor of a stream that starts from now.
    func latestEventID() async throws -> Int64 {
        try await store.latestEventID()
    }

    /// Replays the stored events `selection` covers after `cursor` (nothing when nil), then delivers
    /// live events from `subscription` until it ends.
    ///
    /// - Parameters:
    ///   - onHeartbeat: Called for each heartbeat marker pushed into the subscription.
    ///   - deliver: Sends one event to the client, in order; each at most once.
    /// - Returns: Whether the subscription ended normally or overflowed.
    func follow(
        _ subscription: EventSubscription,
        selection: JobSelection,
        after cursor: Int64?,
        onHeartbeat: () async throws -> Void = {},
        deliver: (JobEvent) async throws -> Void
    ) async throws -> End {
        var replayedThrough: Int64 = 0
        if let cursor {
            replayedThrough = try await replay(after: cursor, selection: selection, deliver: deliver)
        }
        for await event in subscription {
            if event.isHeartbeatMarker {
                try await onHeartbeat()
                continue
            }
            guard selection.matches(event), !event.isCovered(byReplayThrough: replayedThrough) else { continue }
            try await deliver(event)
        }
        return subscription.overflowed ? .overflowed : .finished
    }

    /// Delivers every stored event with id greater than `cursor` that `selection` covers, oldest
    /// first, and returns the id of the last one (or `cursor` when there were none).
    private func replay(after cursor: Int64, selection: JobSelection, deliver: (JobEvent) async throws -> Void) async throws -> Int64 {
        if case .jobs(let ids) = selection, ids.isEmpty { return cursor }
        var last = cursor
        while true {
            try Task.checkCancellation()
            let page = try await store.events(after: last, jobIDs: selection.jobIDs, limit: pageSize)
            for event in page {
                try await deliver(event)
                last = max(last, event.id)
            }
            if page.count < pageSize { return last }
        }
    }
}

extension JobEvent {
    /// Whether a live event must be skipped because replay already delivered it (or the client
    /// had it): durable events up to `replayedThrough`. Progress events are never skipped.
    fileprivate func isCovered(byReplayThrough replayedThrough: Int64) -> Bool {
        type.isDurable && id <= replayedThrough
    }
}
