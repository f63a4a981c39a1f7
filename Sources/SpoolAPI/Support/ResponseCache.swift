import Hummingbird
import Synchronization

/// Finished responses keyed by request, valid while the event bus's change version stays the same.
///
/// Job lists are read far more often than jobs change; every change to a job publishes an event,
/// so a list encoded at version N is still exact while the bus is at version N. The whole response
/// (head and encoded body) is kept, so a hit costs a lookup and a copy of a few references.
final class ResponseCache: Sendable {
    private struct State {
        var version: UInt64 = 0
        var entries: [String: Response] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates a cache holding up to `capacity` responses.
    init(capacity: Int = 128) {
        self.capacity = capacity
    }

    /// The response stored for `key` at `version`, if any.
    func get(_ key: String, version: UInt64) -> Response? {
        state.withLock { $0.version == version ? $0.entries[key] : nil }
    }

    /// Stores a response computed at `version` (older versions are dropped).
    func put(_ key: String, version: UInt64, response: Response) {
        state.withLock { state in
            if state.version != version {
                guard version > state.version else { return }
                state.version = version
                state.entries.removeAll(keepingCapacity: true)
            }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = response
        }
    }
}
