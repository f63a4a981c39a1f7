import Foundation
import Logging
import SpoolCore
import SpoolQueue
import Tracing

/// How one run of a stage ended.
enum StageOutcome<Value: Sendable>: Sendable {
    /// The work finished with a value.
    case finished(Value)
    /// A user, a stall watcher or shutdown stopped it.
    case stopped(StopReason)
    /// The work failed.
    case failed(SpoolError)
}

/// What every stage does around its own work: claim the job through the lifecycle, race the work
/// against the job's stop signal, and settle the lease and the job afterwards (retry with backoff,
/// fail for good, pause, cancel, hand back on shutdown).
struct StageRun: Sendable {
    /// The stage this run is for, as declared.
    let definition: StageDefinition
    /// The job service.
    let service: JobService
    /// Retries and backoff.
    let retryPolicy: RetryPolicy
    /// Error codes worth another attempt.
    let retryable: Set<SpoolError.Code>
    /// Logger with the stage's metadata.
    let logger: Logger

    /// The stage this run is for.
    var stage: Stage { definition.stage }

    /// A word for logs: "download", "dubbing", "muxing".
    var noun: String { definition.noun }

    /// Moves the job into the stage's running state; nil (lease discarded) when the job was paused,
    /// canceled or deleted since it was queued.
    func begin(_ context: LeaseContext, progress: JobProgress? = nil) async -> Job? {
        let id = context.jobID
        let attempt = context.attempts + 1
        let started = JobEvent.log(id, .info, "\(noun) started (attempt \(attempt) of \(retryPolicy.maxRetries + 1))", stage: stage)
        do {
            let stage = self.stage
            let (job, _) = try await service.transition(id, .start(stage), events: [started]) { job in
                job.attempts = attempt
                job.progress = progress ?? JobProgress(stage: stage)
            }
            return job
        } catch {
            let expected = (error as? SpoolError).map { [.illegalTransition, .notFound].contains($0.code) } ?? false
            logger.log(level: expected ? .debug : .warning, "not starting the \(noun)", metadata: ["job.id": "\(id)", "error": "\(error)"])
            try? await context.discard()
            return nil
        }
    }

    /// Registers the job as running here and runs `work` under its stop signal (see ``race(_:watch:work:)``).
    ///
    /// A pause or cancel that arrived between the claim and the registration found nothing to stop,
    /// so the job's state is read once more after registering, and the signal fired if it moved on.
    func execute<Value: Sendable>(
        _ id: JobID, running: RunningJobs,
        watch: (@Sendable (StopSignal) async -> Void)? = nil,
        work: @escaping @Sendable () async throws -> Value
    ) async -> StageOutcome<Value> {
        let runningState = definition.runningState
        let service = self.service
        let stage = self.stage
        // One span per run of a stage (a no-op unless a tracer is set up, see TracingSetup).
        return await withSpan(stage.rawValue, ofKind: .internal) { span in
            span.attributes["spool.job.id"] = id.rawValue
            span.attributes["spool.stage"] = stage.rawValue
            let outcome = await running.run(id) { signal in
                if let current = try? await service.store.job(id), current.state != runningState {
                    signal.fire(current.state == .paused ? .pause : .cancel)
                }
                return await Self.race(signal, watch: watch, work: work)
            }
            switch outcome {
            case .finished:
                span.setStatus(SpanStatus(code: .ok))
            case .stopped(let reason):
                span.attributes["spool.stopped"] = "\(reason)"
            case .failed(let error):
                span.attributes["spool.error.code"] = error.code.rawValue
                span.setStatus(SpanStatus(code: .error, message: error.message))
            }
            return outcome
        }
    }

    /// Runs `work` until it ends or the stop signal fires (the work's task is then cancelled, which
    /// stops its child processes); the signal's reason wins over a late failure.
    /// `watch`, when given, runs beside the work (a stall watcher that fires the signal).
    static func race<Value: Sendable>(
        _ signal: StopSignal,
        watch: (@Sendable (StopSignal) async -> Void)? = nil,
        work: @escaping @Sendable () async throws -> Value
    ) async -> StageOutcome<Value> {
        await withTaskGroup(of: StageOutcome<Value>?.self) { group in
            group.addTask { await attempt(work, signal: signal) }
            group.addTask { await waitForStop(signal) }
            if let watch { group.addTask { await watching(watch, signal: signal) } }
            return await first(of: &group, signal: signal)
        }
    }

    private static func watching<Value: Sendable>(_ watch: @Sendable (StopSignal) async -> Void, signal: StopSignal) async -> StageOutcome<Value>? {
        await watch(signal)
        return nil
    }

    private static func attempt<Value: Sendable>(_ work: @Sendable () async throws -> Value, signal: StopSignal) async -> StageOutcome<Value> {
        do {
            return .finished(try await work())
        } catch {
            if let reason = signal.reason { return .stopped(reason) }
            if let error = error as? SpoolError { return .failed(error) }
            if let error = error as? any SpoolErrorConvertible { return .failed(error.spoolError) }
            if error is CancellationError || Task.isCancelled { return .stopped(.shutdown) }
            return .failed(SpoolError(.internalError, "\(error)"))
        }
    }

    private static func waitForStop<Value: Sendable>(_ signal: StopSignal) async -> StageOutcome<Value>? {
        _ = await signal.wait()
        return nil
    }

    private static func first<Value: Sendable>(of group: inout TaskGroup<StageOutcome<Value>?>, signal: StopSignal) async -> StageOutcome<Value> {
        var outcome: StageOutcome<Value>?
        while outcome == nil, let next = await group.next() {
            if let next {
                outcome = next
            } else if signal.reason != nil {
                group.cancelAll()
            }
        }
        group.cancelAll()
        if signal.reason == .cancel, case .finished = outcome { return .stopped(.cancel) }
        return outcome ?? .stopped(signal.reason ?? .shutdown)
    }
}
