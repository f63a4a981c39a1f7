import Foundation
import SpoolAPIModels
import SpoolCore

/// Follows the event log for one live stream, whatever its transport (SSE, the WebSocket,
/// Socket.IO): take an outbox from the ``EventBroadcaster`` first, replay stored events after the
/// client's cursor page by page, then follow live events, skipping durable ones the replay already
/// delivered — no gap, no repeat. Progress events are never skipped.
///
/// A transport takes a ``subscribe(_:)`` before it reads any cursor, hands it to
/// ``follow(_:after:onHeartbeat:deliver:)``, writes each batch it is given with one flush, and
/// decides what an overflow means for its client (the client resumes by id either way). Live
/// events arrive already encoded, once for all streams; replayed ones are encoded per stream.
struct EventFollower: Sendable {
    /// How a follow ended.
    enum End: Sendable, Equatable {
        /// The outbox was finished (client gone, shutdown, restart).
        case finished
        /// The client fell further behind than the outbox holds.
        case overflowed
    }

    /// The live events, encoded once.
    let broadcaster: EventBroadcaster
    /// The durable events, for replay.
    let store: any JobStore
    /// Events read per replay query.
    let pageSize: Int

    /// A new outbox for `selection`; take it before reading the cursor, so that nothing published
    /// in between is lost.
    func subscribe(_ selection: JobSelection) -> EventOutbox {
        broadcaster.subscribe(selection)
    }

    /// The newest stored event id: the cursor of a stream that starts from now.
    func latestEventID() async throws -> Int64 {
        try await store.latestEventID()
    }

    /// Replays the stored events the outbox's selection covers after `cursor` (nothing when nil),
    /// then delivers live events from `outbox` until it ends.
    ///
    /// - Parameters:
    ///   - visibility: Keeps a user's stream to the jobs they see (nil: every event passes).
    ///   - onHeartbeat: Called when a heartbeat was pushed into the outbox and no event came with it.
    ///   - deliver: Sends events to the client, in order, each at most once; a call's events are
    ///     meant to be written together.
    /// - Returns: Whether the outbox ended normally or overflowed.
    func follow(
        _ outbox: EventOutbox,
        after cursor: Int64?,
        visibility: JobVisibilityFilter? = nil,
        onHeartbeat: () async throws -> Void = {},
        deliver: ([EncodedEvent]) async throws -> Void
    ) async throws -> End {
        var replayedThrough: Int64 = 0
        if let cursor {
            replayedThrough = try await replay(after: cursor, selection: outbox.selection, visibility: visibility, deliver: deliver)
        }
        while let batch = await outbox.next() {
            var events = batch.events
            if replayedThrough > 0 {
                events.removeAll { $0.event.isCovered(byReplayThrough: replayedThrough) }
            }
            if let visibility, !events.isEmpty {
                events = try await visibility.kept(events)
            }
            if !events.isEmpty {
                try await deliver(events)
            } else if batch.heartbeat {
                try await onHeartbeat()
            }
        }
        return outbox.overflowed ? .overflowed : .finished
    }

    /// Delivers every stored event with id greater than `cursor` that `selection` covers, oldest
    /// first, a page at a time, and returns the id of the last one (or `cursor` when there were none).
    private func replay(
        after cursor: Int64, selection: JobSelection, visibility: JobVisibilityFilter?, deliver: ([EncodedEvent]) async throws -> Void
    ) async throws -> Int64 {
        if case .jobs(let ids) = selection, ids.isEmpty { return cursor }
        let encoder = SpoolJSON.makeEncoder()
        var last = cursor
        while true {
            try Task.checkCancellation()
            let page = try await store.events(after: last, jobIDs: selection.jobIDs, limit: pageSize)
            var visible = page
            if let visibility {
                visible = []
                for event in page where try await visibility.isVisible(event) { visible.append(event) }
            }
            if !visible.isEmpty {
                try await deliver(try visible.map { try EncodedEvent($0, encoder: encoder) })
            }
            if !page.isEmpty {
                last = max(last, page.map(\.id).max() ?? last)
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
