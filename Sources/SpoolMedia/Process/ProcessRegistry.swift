import Synchronization

/// The process ids of the tools a runner has running right now (each also a process group id).
final class ProcessRegistry: Sendable {
    private let ids = Mutex<Set<Int32>>([])

    /// Records a started process.
    func insert(_ id: Int32) {
        _ = ids.withLock { $0.insert(id) }
    }

    /// Forgets a process once it has been reaped.
    func remove(_ id: Int32) {
        _ = ids.withLock { $0.remove(id) }
    }

    /// The running ids, ascending.
    var snapshot: [Int32] {
        ids.withLock { $0.sorted() }
    }
}
