import Synchronization

/// An in-process wake-up signal per queue: drivers call ``notify(_:)`` on enqueue, idle workers
/// wait in ``waitForWork(in:timeout:)``.
public final class QueueSignal: QueueWakeup {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, Never>
    }

    private let waiters = Mutex<(next: UInt64, byQueue: [QueueName: [Waiter]])>((0, [:]))

    /// Creates a signal.
    public init() {}

    /// Wakes every worker waiting on `queue`.
    public func notify(_ queue: QueueName) {
        let woken = waiters.withLock { state in
            state.byQueue.removeValue(forKey: queue) ?? []
        }
        for waiter in woken { waiter.continuation.resume() }
    }

    /// Waits until notified or `timeout` passes (or the task is cancelled).
    public func waitForWork(in queue: QueueName, timeout: Duration) async {
        let id = waiters.withLock { state -> UInt64 in
            state.next += 1
            return state.next
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let cancelled = self.waiters.withLock { state -> Bool in
                            if Task.isCancelled { return true }
                            state.byQueue[queue, default: []].append(Waiter(id: id, continuation: continuation))
                            return false
                        }
                        if cancelled { continuation.resume() }
                    }
                } onCancel: {
                    self.resume(id: id, queue: queue)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func resume(id: UInt64, queue: QueueName) {
        let waiter = waiters.withLock { state -> Waiter? in
            guard var list = state.byQueue[queue], let index = list.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = list.remove(at: index)
            state.byQueue[queue] = list
            return waiter
        }
        waiter?.continuation.resume()
    }
}
