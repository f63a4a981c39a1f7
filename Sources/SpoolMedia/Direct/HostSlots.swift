import Synchronization

/// Connections open per host across the direct downloads of this process, so that several jobs
/// on the same host share its connection limit instead of multiplying it.
final class HostSlots: Sendable {
    private let inUse = Mutex<[String: Int]>([:])

    /// Creates an empty table.
    init() {}

    /// Takes up to `wanted` connections to `host` out of `limit`; always at least one, so a download
    /// never waits for another to finish.
    func acquire(_ host: String, wanted: Int, limit: Int) -> Int {
        inUse.withLock { table in
            let granted = max(1, min(wanted, limit - table[host, default: 0]))
            table[host, default: 0] += granted
            return granted
        }
    }

    /// Gives back connections taken with ``acquire(_:wanted:limit:)``.
    func release(_ host: String, _ count: Int) {
        inUse.withLock { table in
            let left = table[host, default: 0] - count
            table[host] = left > 0 ? left : nil
        }
    }
}
