import SpoolCore
import Synchronization

/// A one-shot signal that tells a running stage to stop, and why.
public final class StopSignal: Sendable {
    private let state = Mutex<(reason: StopReason?, waiters: [(Token, CheckedContinuation<StopReason?, Never>)])>((nil, []))

    /// Creates an unsignalled stop signal.
    public init() {}

    /// The reason, once signalled.
    public var reason: StopReason? { state.withLock { $0.reason } }

    /// Signals; the first reason wins.
    public func fire(_ reason: StopReason) {
        let waiters = state.withLock { state -> [(Token, CheckedContinuation<StopReason?, Never>)] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters = [] }
            return state.waiters
        }
        for (_, waiter) in waiters { waiter.resume(returning: reason) }
    }

    /// Waits until signalled; returns nil if the waiting task is cancelled first.
    public func wait() async -> StopReason? {
        let token = Token()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<StopReason?, Never>) in
                let ready = state.withLock { state -> StopReason?? in
                    if let reason = state.reason { return .some(reason) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters.append((token, continuation))
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<StopReason?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.0 === token }) else { return nil }
                return state.waiters.remove(at: index).1
            }
            waiter?.resume(returning: nil)
        }
    }
}

/// Identity of one waiter.
private final class Token: Sendable {}
