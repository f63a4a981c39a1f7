import Synchronization
import SpoolCore

/// Stands in for the workers: records stop requests and reports a configurable free space.
final class StubJobRuntime: JobControl, JobFiles {
    private struct State {
        var freeBytes: Int64 = 100 << 30
        var stopped: [JobID] = []
        var removedOutputs: [String] = []
    }

    private let state = Mutex(State())

    /// Free bytes the media volume reports.
    var availableBytes: Int64 {
        get { state.withLock { $0.freeBytes } }
        set { state.withLock { $0.freeBytes = newValue } }
    }

    /// Stored files removed through ``removeOutput(path:)``, in order.
    var removedOutputs: [String] { state.withLock { $0.removedOutputs } }

    /// Jobs whose running stage was asked to stop.
    var stopped: [JobID] { state.withLock { $0.stopped } }

    func stop(_ id: JobID, reason: StopReason) async -> Bool {
        state.withLock { $0.stopped.append(id) }
        return true
    }

    func removeTemporaryFiles(for id: JobID) async throws {}

    func removeOutput(path: String) async throws {
        state.withLock { $0.removedOutputs.append(path) }
    }

    func freeBytes() throws -> Int64 { availableBytes }
}
