import Foundation
import Logging
import SpoolCore
import SpoolMedia
import SpoolQueue

extension DownloadStage {
    /// Applies a run's outcome to the job and the lease.
    func settle(_ outcome: Outcome, job: Job, workDirectory: String, reporter: ProgressReporter, context: LeaseContext, logger: Logger) async {
        let id = job.id
        switch outcome {
        case .finished(let result):
            do {
                try await finish(job, result: result, workDirectory: workDirectory, reporter: reporter, context: context)
                stalls.reset(id)
            } catch let error as SpoolError {
                await failed(job, error: error, context: context, logger: logger)
            } catch {
                await failed(job, error: SpoolError(.storage, "\(error)"), context: context, logger: logger)
            }

        case .stopped(.pause):
            try? await context.discard()
            try? await service.record([.log(id, .info, "download paused; partial files kept", stage: .download)])

        case .stopped(.cancel):
            try? await context.discard()
            // The child is gone now; remove anything it wrote after the service's first cleanup.
            try? await service.files.removeTemporaryFiles(for: id)

        case .stopped(.shutdown):
            try? await context.release(delay: .zero)

        case .stopped(.stall):
            let count = stalls.increment(id)
            let seconds = Int(configuration.stallTimeout.timeInterval)
            if count <= configuration.stallRestarts {
                let restart = JobEvent.log(id, .warning, "no progress for \(seconds) s; restarting the download (\(count) of \(configuration.stallRestarts))", stage: .download)
                await step(id, .retry(.download), reason: "stalled", events: [restart], logger: logger)
                try? await context.release(delay: .zero)
            } else {
                stalls.reset(id)
                let error = SpoolError(.stalled, "no progress for \(seconds) s after \(configuration.stallRestarts) restart(s)")
                try? await context.discard()
                await failPermanently(job, error: error, attempts: context.attempts + 1, logger: logger)
            }

        case .failed(let error):
            await failed(job, error: error, context: context, logger: logger)
        }
    }

    private func finish(_ job: Job, result: YtDlpResult, workDirectory: String, reporter: ProgressReporter, context: LeaseContext) async throws {
        let id = job.id
        let probe: ProbeResult
        do {
            probe = try await ffprobe.probe(result.filePath)
        } catch let error as MediaError {
            throw SpoolError(.toolFailed, "the downloaded file is not readable media: \(error.message)")
        }
        let destination = try LibraryMover(paths: paths).moveIntoLibrary(result.filePath, from: workDirectory)
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value
        // yt-dlp's metadata first, then what ffprobe read from the file itself.
        var media = Media(jobID: id)
        result.info?.apply(to: &media)
        probe.apply(to: &media)
        media.filesize = size ?? media.filesize
        media.path = destination
        media.relativePath = String(destination.dropFirst(LibraryMover.resolve(paths.libraryRoot).count + 1))
        try await service.store.saveMedia(media)

        var final = reporter.latest
        final.percent = 100
        if let size { final.downloadedBytes = size; final.totalBytes = size }
        final.speed = nil
        final.eta = 0
        let finalProgress = final
        // Published here; the transition below stores it with the job.
        await service.events.publish(.progress(id, finalProgress))
        let title = result.info?.title
        let saved = JobEvent.log(id, .info, "saved \(media.relativePath ?? destination) (\(ByteCount.format(size ?? 0)))", stage: .download)
        let completeNote = JobEvent.notification(id, kind: "job_complete", title: "Download complete", message: title ?? job.options.url, severity: .info)
        let (updated, outcome) = try await service.transition(
            id, .finish(.download),
            events: job.lifecycle.stage(after: .download) == nil ? [saved, completeNote] : [saved]
        ) { job in
            job.outputPath = destination
            job.title = title ?? job.title
            job.progress = finalProgress
        }
        try await context.complete()
        try await service.perform(outcome.actions, for: updated)
    }

    private func failed(_ job: Job, error: SpoolError, context: LeaseContext, logger: Logger) async {
        let id = job.id
        logger.info("download attempt failed", metadata: ["error.code": "\(error.code.rawValue)"])
        let retryable: Set<SpoolError.Code> = [.downloadFailed, .toolFailed, .storage]
        var policy = configuration.retryPolicy
        if !retryable.contains(error.code) { policy.maxRetries = 0 }
        do {
            switch try await context.fail(error.message, policy: policy) {
            case .retry(let at, let attempt):
                let wait = max(0, Int(at.timeIntervalSinceNow.rounded()))
                let failure = JobFailure(code: error.code.rawValue, message: error.message, stage: .download)
                await step(id, .retry(.download), reason: "retry \(attempt) of \(policy.maxRetries)", events: [
                    .error(id, code: error.code.rawValue, message: error.message, stage: .download),
                    .log(id, .warning, "attempt \(attempt) failed: \(error.message); retrying in \(wait) s", stage: .download),
                ], logger: logger) { job in
                    job.failure = failure
                }
            case .deadLettered(let attempts):
                await failPermanently(job, error: error, attempts: attempts, logger: logger)
            }
        } catch {
            logger.warning("could not record the failure", metadata: ["error": "\(error)"])
        }
    }

    private func failPermanently(_ job: Job, error: SpoolError, attempts: Int, logger: Logger) async {
        let id = job.id
        let failure = JobFailure(code: error.code.rawValue, message: error.message, stage: .download)
        await step(id, .fail, reason: error.code.rawValue, events: [
            .error(id, code: error.code.rawValue, message: error.message, stage: .download),
            .log(id, .error, "download failed after \(attempts) attempt(s): \(error.message)", stage: .download),
            .notification(id, kind: "job_failed", title: "Download failed", message: error.message, severity: .error),
        ], logger: logger) { job in
            job.failure = failure
        }
    }

    /// A state change with its events in one transaction. When the user changed the job meanwhile
    /// (paused, canceled), the events are still kept in its log.
    private func step(
        _ id: JobID, _ event: JobLifecycle.Event, reason: String, events: [JobEvent], logger: Logger,
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
}
