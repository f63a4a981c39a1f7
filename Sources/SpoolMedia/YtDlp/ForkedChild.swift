import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One download a ``ForkServer`` forked: its process id and its end arrive as reply lines, and a
/// stop request signals its process group like any yt-dlp process Spool spawns itself.
final class ForkedChild: Sendable {
    /// How the request ended.
    enum End: Sendable {
        /// The child was reaped with `status`.
        case exited(TerminationStatus)
        /// The server refused the request (malformed, or fork failed).
        case rejected(String)
        /// The server went away before the child's end was reported.
        case serverGone(String)
    }

    private struct State {
        var processID: Int32?
        var end: End?
        var stopGrace: Duration?
        var endWaiters: [CheckedContinuation<End, Never>] = []
    }

    private let state = Mutex(State())
    private let registry: ProcessRegistry

    /// Creates the handle before the request is sent; `registry` lists the child while it runs.
    init(registry: ProcessRegistry) {
        self.registry = registry
    }

    /// The child's process id (also its process group id), once the server reported it.
    var processID: Int32? { state.withLock { $0.processID } }

    /// Records the forked child's id; signals it at once when a stop was already asked for.
    func started(processID: Int32) {
        let grace = state.withLock { state -> Duration? in
            state.processID = processID
            return state.stopGrace
        }
        registry.insert(processID)
        if let grace { terminate(processID, grace: grace) }
    }

    /// Records the end (the first one counts) and wakes every waiter.
    func ended(_ end: End) {
        let waiters = state.withLock { state -> [CheckedContinuation<End, Never>] in
            guard state.end == nil else { return [] }
            state.end = end
            if let processID = state.processID { registry.remove(processID) }
            defer { state.endWaiters = [] }
            return state.endWaiters
        }
        for waiter in waiters { waiter.resume(returning: end) }
    }

    /// Waits for the end. Not cancellable: a cancelled caller first calls ``stop(grace:)``, then waits
    /// here until the child is reaped.
    func waitForEnd() async -> End {
        await withCheckedContinuation { continuation in
            let end = state.withLock { state -> End? in
                if let end = state.end { return end }
                state.endWaiters.append(continuation)
                return nil
            }
            if let end { continuation.resume(returning: end) }
        }
    }

    /// SIGTERM to the child's process group (at once, or as soon as its id is known), SIGKILL to the
    /// group if it has not ended `grace` later. yt-dlp keeps its `.part` file on SIGTERM.
    func stop(grace: Duration) {
        let target = state.withLock { state -> Int32? in
            guard state.end == nil, state.stopGrace == nil else { return nil }
            state.stopGrace = grace
            return state.processID
        }
        if let target { terminate(target, grace: grace) }
    }

    private func terminate(_ group: Int32, grace: Duration) {
        guard group > 1 else { return }
        _ = kill(-group, SIGTERM)
        Task { [self] in
            try? await Task.sleep(for: grace)
            if state.withLock({ $0.end == nil }) {
                _ = kill(-group, SIGKILL)
            }
        }
    }
}
