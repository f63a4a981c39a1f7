import Synchronization

/// Values keyed by request, valid while the event bus's change version stays the same.
///
/// Job lists are read far more often than jobs change; every change to a job publishes an event,
/// so a list encoded at version N is still exact while the bus is at version N. The cache holds
/// one version's values: a value from a newer version drops the others (nothing can ask for them
/// any more), one from an older version is not kept, and a full cache starts over.
final class VersionedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var version: UInt64 = 0
        var entries: [Key: Value] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates a cache holding up to `capacity` values.
    init(capacity: Int = 128) {
        self.capacity = capacity
    }

    /// The value stored for `key` at `version`, if any.
    func get(_ key: Key, version: UInt64) -> Value? {
        state.withLock { $0.version == version ? $0.entries[key] : nil }
    }

    /// Whether any value is stored at `version` (cheaper than building a key for ``get(_:version:)``).
    func holds(version: UInt64) -> Bool {
        state.withLock { $0.version == version && !$0.entries.isEmpty }
    }

    /// Stores a value computed at `version`.
    func put(_ key: Key, version: UInt64, _ value: Value) {
        state.withLock { state in
            if state.version != version {
                guard version > state.version else { return }
                state.version = version
                state.entries.removeAll(keepingCapacity: true)
            }
            if state.entries.count >= capacity, state.entries[key] == nil { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = value
        }
    }
}
