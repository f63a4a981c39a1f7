import SpoolAPIModels
import SpoolCore
import Synchronization

/// One live stream's queue: the ``EventBroadcaster`` pushes the events its selection covers, the
/// stream takes everything waiting in one batch and writes it with one flush.
///
/// Pushing never waits and costs a lock and an append, however slow the stream's client is; the
/// ``OutboxBuffer`` bounds what waits (progress coalesced per job). After an overflow the outbox
/// ignores pushes, ``next()`` returns nil and ``overflowed`` is true: the transport tells its
/// client to resume by id.
final class EventOutbox: Sendable {
    /// What ``next()`` hands over.
    struct Batch: Sendable {
        /// The events, oldest first (may be empty when only a heartbeat is due).
        var events: [EncodedEvent]
        /// Whether a heartbeat was requested since the last batch.
        var heartbeat: Bool
    }

    private struct State {
        var buffer: OutboxBuffer
        var heartbeat = false
        var finished = false
        var waiter: CheckedContinuation<Batch?, Never>?
    }

    /// The jobs whose events this outbox takes.
    let selection: JobSelection
    private let state: Mutex<State>
    private let onTerminate: @Sendable (EventOutbox) -> Void

    /// Creates an outbox holding up to `capacity` events; `onTerminate` runs once when it finishes
    /// or overflows.
    init(selection: JobSelection, capacity: Int, onTerminate: @escaping @Sendable (EventOutbox) -> Void = { _ in }) {
        self.selection = selection
        self.state = Mutex(State(buffer: OutboxBuffer(capacity: capacity)))
        self.onTerminate = onTerminate
    }

    /// Whether the outbox ended because its reader fell too far behind.
    var overflowed: Bool { state.withLock { $0.buffer.overflowed } }

    /// Offers an event the selection covers; never waits.
    func push(_ event: EncodedEvent) {
        guard selection.matches(event.event) else { return }
        var overflowedNow = false
        let wake: (CheckedContinuation<Batch?, Never>, Batch?)? = state.withLock { state in
            guard !state.finished else { return nil }
            switch state.buffer.push(event) {
            case .appended, .coalesced:
                return Self.wakeReader(&state)
            case .overflowed:
                state.finished = true
                overflowedNow = true
                return Self.wakeReader(&state, ending: true)
            case .ignored:
                return nil
            }
        }
        if let (waiter, batch) = wake { waiter.resume(returning: batch) }
        if overflowedNow { onTerminate(self) }
    }

    /// Wakes the reader with a heartbeat (a batch, possibly empty, whose `heartbeat` is set).
    func pushHeartbeat() {
        let wake: (CheckedContinuation<Batch?, Never>, Batch?)? = state.withLock { state in
            guard !state.finished else { return nil }
            state.heartbeat = true
            return Self.wakeReader(&state)
        }
        if let (waiter, batch) = wake { waiter.resume(returning: batch) }
    }

    /// Ends the outbox as overflowed, as if its reader had fallen too far behind (used when the
    /// broadcaster itself fell behind): what waits is dropped and the reader gets nil.
    func overflow() {
        let (ended, waiter): (Bool, CheckedContinuation<Batch?, Never>?) = state.withLock { state in
            guard !state.finished else { return (false, nil) }
            state.finished = true
            state.buffer.overflow()
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(returning: nil)
        if ended { onTerminate(self) }
    }

    /// Ends the outbox: the reader gets what is still waiting, then nil.
    func finish() {
        let (ended, waiter): (Bool, CheckedContinuation<Batch?, Never>?) = state.withLock { state in
            guard !state.finished else { return (false, nil) }
            state.finished = true
            // A reader only waits while nothing is waiting, so it gets the end.
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(returning: nil)
        if ended { onTerminate(self) }
    }

    /// Everything waiting, or nil once the outbox finished (or overflowed) and is drained.
    func next() async -> Batch? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Batch?, Never>) in
                let immediate: Batch?? = state.withLock { state in
                    if !state.buffer.isEmpty || state.heartbeat { return .some(Self.takeBatch(&state)) }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            self.finish()
        }
    }

    /// The waiting reader, if any, with what to resume it with: the batch now due, or nil when the
    /// outbox is `ending`.
    private static func wakeReader(_ state: inout State, ending: Bool = false) -> (CheckedContinuation<Batch?, Never>, Batch?)? {
        guard let waiter = state.waiter else { return nil }
        state.waiter = nil
        return (waiter, ending ? nil : takeBatch(&state))
    }

    private static func takeBatch(_ state: inout State) -> Batch {
        defer { state.heartbeat = false }
        return Batch(events: state.buffer.takeAll(), heartbeat: state.heartbeat)
    }
}
