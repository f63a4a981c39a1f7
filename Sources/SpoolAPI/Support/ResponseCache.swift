import NIOCore
import Synchronization

/// Encoded response bodies keyed by request, valid while the event bus's change version stays the
/// same.
///
/// Job lists are read far more often than jobs change; every change to a job publishes an event,
/// so a list encoded at version N is still exact while the bus is at version N. A hit costs a
/// lookup and a reference to the encoded bytes.
final class ResponseCache: Sendable {
    private struct State {
        var version: UInt64 = 0
        var entries: [String: ByteBuffer] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates a cache holding up to `capacity` bodies.
    init(capacity: Int = 128) {
        self.capacity = capacity
    }

    /// The body stored for `key` at `version`, if any.
    func get(_ key: String, version: UInt64) -> ByteBuffer? {
        state.withLock { $0.version == version ? $0.entries[key] : nil }
    }

    /// Stores a body computed at `version` (older versions are dropped).
    func put(_ key: String, version: UInt64, body: ByteBuffer) {
        state.withLock { state in
            if state.version != version {
                guard version > state.version else { return }
                state.version = version
                state.entries.removeAll(keepingCapacity: true)
            }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = body
        }
    }
}
