import Synchronization

/// A subscriber's event stream with a bounded buffer that never blocks the publisher.
///
/// A progress event for a job still waiting in the buffer, with no durable event of that job after
/// it, is replaced by a newer one (coalesced), so a slow reader never slows a worker. Durable events are kept in order; if more than
/// ``capacity`` pile up the subscription ends with ``overflowed`` set, and the client resumes by id.
public final class EventSubscription: AsyncSequence, Sendable {
    /// Element type.
    public typealias Element = JobEvent

    private struct State {
        var buffer: [JobEvent] = []
        var head = 0
        var progressIndex: [JobID: Int] = [:]
        var waiter: CheckedContinuation<JobEvent?, Never>?
        var finished = false
        var overflowed = false
    }

    /// Most durable events held for a slow reader.
    public let capacity: Int
    private let state = Mutex(State())
    private let onTerminate: @Sendable () -> Void

    /// Creates a subscription; `onTerminate` runs once when it finishes.
    public init(capacity: Int = 10_000, onTerminate: @escaping @Sendable () -> Void = {}) {
        self.capacity = capacity
        self.onTerminate = onTerminate
    }

    /// Whether the subscription ended because the reader fell too far behind.
    public var overflowed: Bool { state.withLock { $0.overflowed } }

    /// Offers an event; never waits.
    public func push(_ event: JobEvent) {
        var terminate = false
        let resume: (CheckedContinuation<JobEvent?, Never>, JobEvent?)? = state.withLock { state in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, event)
            }
            if event.type == .progress, let jobId = event.jobId, let index = state.progressIndex[jobId], index >= state.head {
                state.buffer[index] = event
                return nil
            }
            if state.buffer.count - state.head >= capacity {
                state.overflowed = true
                state.finished = true
                terminate = true
                return nil
            }
            if let jobId = event.jobId {
                // A durable event closes the job's pending progress slot, so order is kept.
                state.progressIndex[jobId] = event.type == .progress ? state.buffer.count : nil
            }
            state.buffer.append(event)
            return nil
        }
        if let (continuation, value) = resume { continuation.resume(returning: value) }
        if terminate { onTerminate() }
    }

    /// Ends the stream; a waiting reader gets nil.
    public func finish() {
        let waiter: CheckedContinuation<JobEvent?, Never>? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
        onTerminate()
    }

    /// Next event, or nil when finished.
    func next() async -> JobEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<JobEvent?, Never>) in
                let immediate: JobEvent?? = state.withLock { state in
                    if state.head < state.buffer.count {
                        let event = state.buffer[state.head]
                        if event.type == .progress, let jobId = event.jobId, state.progressIndex[jobId] == state.head {
                            state.progressIndex[jobId] = nil
                        }
                        state.head += 1
                        if state.head > 1024, state.head * 2 > state.buffer.count {
                            state.buffer.removeFirst(state.head)
                            state.progressIndex = state.progressIndex.compactMapValues { $0 >= state.head ? $0 - state.head : nil }
                            state.head = 0
                        }
                        return .some(event)
                    }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let value = immediate { continuation.resume(returning: value) }
            }
        } onCancel: {
            self.finish()
        }
    }

    /// The async iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: EventSubscription

        /// Next event, or nil at the end.
        public mutating func next() async -> JobEvent? {
            await subscription.next()
        }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(subscription: self)
    }
}
