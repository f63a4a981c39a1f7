import Foundation
import Logging
import SpoolCore
import SpoolQueue

extension StageRun {
    /// Settles a run: `finish` handles a finished one (an error it throws fails the attempt);
    /// stops and failures go to ``settleStop(_:job:context:)`` and ``failed(_:error:context:)``.
    func settle<Value: Sendable>(
        _ outcome: StageOutcome<Value>, job: Job, context: LeaseContext,
        finish: (Value) async throws -> Void
    ) async {
        switch outcome {
        case .finished(let value):
            do {
                try await finish(value)
            } catch let error as SpoolError {
                await failed(job, error: error, context: context)
            } catch {
                await failed(job, error: SpoolError(.storage, "\(error)"), context: context)
            }
        case .stopped(let reason):
            await settleStop(reason, job: job, context: context)
        case .failed(let error):
            await failed(job, error: error, context: context)
        }
    }

    /// Settles a stop: pause keeps partial files, cancel removes them, shutdown hands the entry back.
    func settleStop(_ reason: StopReason, job: Job, context: LeaseContext) async {
        switch reason {
        case .pause:
            try? await context.discard()
            try? await service.record([.log(job.id, .info, "\(noun) paused; partial files kept", stage: stage)])
        case .cancel:
            try? await context.discard()
            // The child is gone now; remove anything it wrote after the service's first cleanup.
            try? await service.files.removeTemporaryFiles(for: job.id)
        case .shutdown:
            try? await context.release(delay: .zero)
        case .stall:
            // Stages without a stall watcher never see this; treat it as a failed attempt.
            await failed(job, error: SpoolError(.stalled, "no progress"), context: context)
        }
    }

    /// A failed attempt: retried after a backoff while attempts remain and the error is worth it,
    /// else the job fails for good.
    func failed(_ job: Job, error: SpoolError, context: LeaseContext) async {
        let id = job.id
        logger.info("\(noun) attempt failed", metadata: ["job.id": "\(id)", "error.code": "\(error.code.rawValue)"])
        var policy = retryPolicy
        if !retryable.contains(error.code) { policy.maxRetries = 0 }
        do {
            switch try await context.fail(error.message, policy: policy) {
            case .retry(let at, let attempt):
                let wait = max(0, Int(at.timeIntervalSinceNow.rounded()))
                let failure = JobFailure(code: error.code.rawValue, message: error.message, stage: stage)
                await step(id, .retry(stage), reason: "retry \(attempt) of \(policy.maxRetries)", events: [
                    .error(id, code: error.code.rawValue, message: error.message, stage: stage),
                    .log(id, .warning, "attempt \(attempt) failed: \(error.message); retrying in \(wait) s", stage: stage),
                ]) { job in
                    job.failure = failure
                }
            case .deadLettered(let attempts):
                await failPermanently(job, error: error, attempts: attempts)
            }
        } catch {
            logger.warning("could not record the failure", metadata: ["job.id": "\(id)", "error": "\(error)"])
        }
    }

    /// Fails the job for good, with its error, a log line and a notification.
    func failPermanently(_ job: Job, error: SpoolError, attempts: Int) async {
        let id = job.id
        let failure = JobFailure(code: error.code.rawValue, message: error.message, stage: stage)
        let title = "\(noun.prefix(1).uppercased())\(noun.dropFirst()) failed"
        await step(id, .fail, reason: error.code.rawValue, events: [
            .error(id, code: error.code.rawValue, message: error.message, stage: stage),
            .log(id, .error, "\(noun) failed after \(attempts) attempt(s): \(error.message)", stage: stage),
            .notification(id, kind: "job_failed", title: title, message: error.message, severity: .error),
        ]) { job in
            job.failure = failure
        }
    }

    /// A state change with its events in one transaction. When the user changed the job meanwhile
    /// (paused, canceled), the events are still kept in its log.
    func step(
        _ id: JobID, _ event: JobLifecycle.Event, reason: String, events: [JobEvent],
        update: @escaping @Sendable (inout Job) -> Void = { _ in }
    ) async {
        do {
            _ = try await service.transition(id, event, reason: reason, events: events, update: update)
        } catch let error as SpoolError where error.code == .illegalTransition {
            try? await service.record(events)
        } catch {
            logger.warning("could not record the job's state", metadata: ["job.id": "\(id)", "error": "\(error)"])
        }
    }

    /// Finishes the stage: the transition (which enqueues the next stage or completes the job), the
    /// lease, then the lifecycle's actions.
    func finish(_ job: Job, context: LeaseContext, events: [JobEvent], update: @escaping @Sendable (inout Job) -> Void) async throws {
        let (updated, outcome) = try await service.transition(job.id, .finish(stage), events: events, update: update)
        try await context.complete()
        try await service.perform(outcome.actions, for: updated)
    }
}
