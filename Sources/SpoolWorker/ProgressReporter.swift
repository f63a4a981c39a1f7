import Foundation
import SpoolCore
import Synchronization

/// Publishes a running stage's progress: throttled live events (≤ 4/s) and occasional store writes.
/// Also remembers when progress last moved, for stall detection.
public final class ProgressReporter: Sendable {
    private struct State {
        var throttle: ProgressThrottle
        var lastMovement: Date
        var lastBytes: Int64?
        var latest: JobProgress
    }

    private let jobID: JobID
    private let service: JobService
    private let state: Mutex<State>

    /// Creates a reporter for one run of a stage.
    public init(jobID: JobID, stage: Stage, service: JobService, throttle: ProgressThrottle = ProgressThrottle()) {
        self.jobID = jobID
        self.service = service
        self.state = Mutex(State(throttle: throttle, lastMovement: Date(), lastBytes: nil, latest: JobProgress(stage: stage)))
    }

    /// When progress last moved.
    public var lastMovement: Date { state.withLock { $0.lastMovement } }

    /// The latest progress seen.
    public var latest: JobProgress { state.withLock { $0.latest } }

    /// Handles one update.
    public func report(_ progress: JobProgress) async {
        let now = Date()
        let decision = state.withLock { state -> ProgressThrottle.Decision in
            if progress.downloadedBytes != state.lastBytes || progress.percent != state.latest.percent {
                state.lastMovement = now
                state.lastBytes = progress.downloadedBytes
            }
            state.latest = progress
            return state.throttle.decide(at: now)
        }
        if decision.publish {
            await service.events.publish(.progress(jobID, progress, at: now))
        }
        if decision.persist {
            _ = try? await service.store.modify(jobID) { job in
                if job.state.isRunning { job.progress = progress }
                return []
            }
        }
    }
}
