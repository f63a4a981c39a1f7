import Synchronization

/// A one-shot signal that tells running work to stop, and why.
///
/// The queue processor uses one to drain on shutdown; the stages use one with their own reasons
/// (SpoolWorker's `StopSignal`).
public final class OneShotSignal<Reason: Sendable>: Sendable {
    private typealias Waiter = (Token, CheckedContinuation<Reason?, Never>)
    private let state = Mutex<(reason: Reason?, waiters: [Waiter])>((nil, []))

    /// Creates an unsignalled signal.
    public init() {}

    /// The reason, once signalled.
    public var reason: Reason? { state.withLock { $0.reason } }

    /// Signals; the first reason wins.
    public func fire(_ reason: Reason) {
        let waiters = state.withLock { state -> [Waiter] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters = [] }
            return state.waiters
        }
        for (_, waiter) in waiters { waiter.resume(returning: reason) }
    }

    /// Waits until signalled; returns nil if the waiting task is cancelled first.
    public func wait() async -> Reason? {
        let token = Token()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Reason?, Never>) in
                let ready = state.withLock { state -> Reason?? in
                    if let reason = state.reason { return .some(reason) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters.append((token, continuation))
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Reason?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.0 === token }) else { return nil }
                return state.waiters.remove(at: index).1
            }
            waiter?.resume(returning: nil)
        }
    }
}

/// Identity of one waiter.
private final class Token: Sendable {}
