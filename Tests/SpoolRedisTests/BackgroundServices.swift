import Synchronization

/// Long-running services a test starts and cancels when it ends.
final class BackgroundServices: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// Starts `body` in the background.
    func start(_ body: @escaping @Sendable () async throws -> Void) {
        let task = Task { _ = try? await body() }
        tasks.withLock { $0.append(task) }
    }

    /// Cancels everything started.
    func cancelAll() {
        for task in tasks.withLock({ $0 }) { task.cancel() }
    }
}
