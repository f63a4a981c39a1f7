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
                stallCounter.reset(id)
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
            let count = stallCounter.increment(id)
            let seconds = Int(configuration.stallTimeout.timeInterval)
            if count <= configuration.stallRestarts {
                try? await service.record([.log(id, .warning, "no progress for \(seconds) s; restarting the download (\(count) of \(configuration.stallRestarts))", stage: .download)])
                _ = try? await service.transition(id, .retry(.download), reason: "stalled")
                try? await context.release(delay: .zero)
            } else {
                stallCounter.reset(id)
                let error = SpoolError(.stalled, "no progress for \(seconds) s after \(configuration.stallRestarts) restart(s)")
                await failPermanently(job, error: error, context: context, attempts: context.attempts + 1)
            }

        case .failed(let error):
            await failed(job, error: error, context: context, logger: logger)
        }
    }

    private var stallCounter: StallCounter { stalls }

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
        var media = Media(jobID: id)
        let info = result.info
        media.title = info?.title
        media.uploader = info?.uploader
        media.duration = probe.duration ?? info?.duration
        let video = probe.streams.first { $0.codecType == "video" }
        let audio = probe.streams.first { $0.codecType == "audio" }
        media.width = video?.width ?? info?.width
        media.height = video?.height ?? info?.height
        media.filesize = size ?? probe.size
        media.extractor = info?.extractor
        media.sourceID = info?.id
        media.webpageURL = info?.webpageURL
        media.thumbnailURL = info?.thumbnail
        media.path = destination
        media.relativePath = String(destination.dropFirst(LibraryMover.resolve(paths.libraryRoot).count + 1))
        media.container = probe.formatName
        media.videoCodec = video?.codecName
        media.audioCodec = audio?.codecName
        try await service.store.saveMedia(media)

        var final = reporter.latest
        final.percent = 100
        if let size { final.downloadedBytes = size; final.totalBytes = size }
        final.speed = nil
        final.eta = 0
        await reporter.report(final, final: true)
        let finalProgress = final
        let title = info?.title
        try await service.record([.log(id, .info, "saved \(media.relativePath ?? destination) (\(ByteCount.format(size ?? 0)))", stage: .download)])
        let (updated, outcome) = try await service.transition(id, .finish(.download)) { job in
            job.outputPath = destination
            job.title = title ?? job.title
            job.progress = finalProgress
        }
        try await context.complete()
        try await service.perform(outcome.actions, for: updated)
        if updated.state == .complete {
            try await service.record([.notification(id, kind: "job_complete", title: "Download complete", message: title ?? job.options.url, severity: .info)])
        }
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
                try await service.record([
                    .error(id, code: error.code.rawValue, message: error.message, stage: .download),
                    .log(id, .warning, "attempt \(attempt) failed: \(error.message); retrying in \(wait) s", stage: .download),
                ])
                _ = try await service.transition(id, .retry(.download), reason: "retry \(attempt) of \(policy.maxRetries)") { job in
                    job.failure = JobFailure(code: error.code.rawValue, message: error.message, stage: .download)
                }
            case .deadLettered(let attempts):
                await failPermanently(job, error: error, context: nil, attempts: attempts)
            }
        } catch {
            logger.warning("could not record the failure", metadata: ["error": "\(error)"])
        }
    }

    private func failPermanently(_ job: Job, error: SpoolError, context: LeaseContext?, attempts: Int) async {
        let id = job.id
        if let context { try? await context.discard() }
        let failure = JobFailure(code: error.code.rawValue, message: error.message, stage: .download)
        do {
            try await service.record([
                .error(id, code: error.code.rawValue, message: error.message, stage: .download),
                .log(id, .error, "download failed after \(attempts) attempt(s): \(error.message)", stage: .download),
            ])
            _ = try await service.transition(id, .fail, reason: error.code.rawValue) { job in
                job.failure = failure
            }
            try await service.record([.notification(id, kind: "job_failed", title: "Download failed", message: error.message, severity: .error)])
        } catch {
            logger.warning("could not mark the job failed", metadata: ["job.id": "\(id)", "error": "\(error)"])
        }
    }
}
