import Logging
import ServiceLifecycle
import Synchronization

/// The polling sessions of this gateway, by sid, and the service that runs them.
///
/// A session that starts with long-polling outlives the handshake request, so it runs here: the
/// handshake registers it, ``run()`` runs its heartbeat and event pump until it closes, then
/// forgets it. Sessions live in this process's memory only, so a client must reach the same
/// gateway with every request of a session (sticky sessions behind a load balancer);
/// WebSocket-only sessions need no such care. On shutdown every session is closed.
final class EngineIOSessions: Service, Sendable {
    private struct State {
        var sessions: [String: EngineIOSession] = [:]
        var stopped = false
    }

    private let state = Mutex(State())
    private let started: AsyncStream<EngineIOSession>
    private let start: AsyncStream<EngineIOSession>.Continuation
    private let metrics: APIMetrics

    /// Creates an empty registry; open sessions are counted in `metrics`.
    init(metrics: APIMetrics) {
        self.metrics = metrics
        (started, start) = AsyncStream.makeStream(of: EngineIOSession.self)
    }

    /// The open polling session with this id.
    func session(_ sid: String) -> EngineIOSession? {
        state.withLock { $0.sessions[sid] }
    }

    /// Registers a new polling session and has it run; false once the service stopped.
    func add(_ session: EngineIOSession) -> Bool {
        let added = state.withLock { state in
            guard !state.stopped else { return false }
            state.sessions[session.sid] = session
            return true
        }
        if added { start.yield(session) }
        return added
    }

    /// Runs every registered session until shutdown; then closes them all.
    func run() async throws {
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await session in started {
                    group.addTask {
                        self.metrics.socketIOConnections.increment()
                        defer { self.metrics.socketIOConnections.decrement() }
                        await session.run()
                        self.state.withLock { _ = $0.sessions.removeValue(forKey: session.sid) }
                    }
                }
            } onGracefulShutdown: {
                self.stop()
            }
            self.stop()
            for session in state.withLock({ Array($0.sessions.values) }) {
                await session.close(reason: "server shutdown")
            }
        }
    }

    private func stop() {
        state.withLock { $0.stopped = true }
        start.finish()
    }
}
