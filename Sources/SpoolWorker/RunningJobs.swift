import SpoolCore
import SpoolQueue
import Synchronization

/// The stages running in this process, so they can be stopped (``JobControl``).
public final class RunningJobs: JobControl {
    private let running = Mutex<[JobID: StopSignal]>([:])

    /// Creates an empty registry.
    public init() {}

    /// Registers a job for the duration of `body`, handing it its stop signal.
    public func run<T: Sendable>(_ id: JobID, _ body: (StopSignal) async throws -> T) async rethrows -> T {
        let signal = StopSignal()
        running.withLock { $0[id] = signal }
        defer { running.withLock { if $0[id] === signal { $0[id] = nil } } }
        return try await body(signal)
    }

    /// Stops the job's stage if it runs here.
    public func stop(_ id: JobID, reason: StopReason) async -> Bool {
        guard let signal = running.withLock({ $0[id] }) else { return false }
        signal.fire(reason)
        return true
    }

    /// Ids of the jobs running here.
    public var ids: [JobID] { running.withLock { Array($0.keys) } }

    /// Stops every running stage.
    public func stopAll(_ reason: StopReason) {
        for signal in running.withLock({ Array($0.values) }) { signal.fire(reason) }
    }
}
