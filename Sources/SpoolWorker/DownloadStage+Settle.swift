import Foundation
import Logging
import SpoolCore
import SpoolQueue

extension DownloadStage {
    /// Applies a run's outcome to the job and the lease.
    func settle(_ outcome: StageOutcome<MediaDownloadResult>, job: Job, workDirectory: String, reporter: ProgressReporter, context: LeaseContext) async {
        let id = job.id
        switch outcome {
        case .stopped(.stall):
            let count = stalls.increment(id)
            let seconds = Int(configuration.stallTimeout.timeInterval)
            if count <= configuration.stallRestarts {
                let restart = JobEvent.log(id, .warning, "no progress for \(seconds) s; restarting the download (\(count) of \(configuration.stallRestarts))", stage: .download)
                await run.step(id, .retry(.download), reason: "stalled", events: [restart])
                try? await context.release(delay: .zero)
            } else {
                stalls.reset(id)
                let error = SpoolError(.stalled, "no progress for \(seconds) s after \(configuration.stallRestarts) restart(s)")
                try? await context.discard()
                await run.failPermanently(job, error: error, attempts: context.attempts + 1)
            }

        case .failed(let error):
            if let cause = diskFullCause(of: error) {
                await waitForSpace(job, cause: cause, workDirectory: workDirectory, context: context)
                return
            }
            await run.settle(outcome, job: job, context: context) { _ in }

        default:
            await run.settle(outcome, job: job, context: context) { result in
                try await finish(job, result: result, workDirectory: workDirectory, reporter: reporter, context: context)
                stalls.reset(id)
            }
        }
    }

    private func finish(_ job: Job, result: MediaDownloadResult, workDirectory: String, reporter: ProgressReporter, context: LeaseContext) async throws {
        let id = job.id
        let probe: MediaProbe
        do {
            probe = try await prober.probe(result.filePath)
        } catch let error as SpoolError {
            throw SpoolError(.toolFailed, "the downloaded file is not readable media: \(error.message)")
        }
        let stored = try storage.store(result.filePath, from: workDirectory)
        let destination = stored.path
        let size = stored.size
        // The site's metadata first, then what the probe read from the file itself.
        var media = Media(jobID: id)
        result.metadata?.apply(to: &media)
        probe.apply(to: &media)
        media.filesize = size ?? media.filesize
        media.path = destination
        media.relativePath = stored.relativePath
        try await service.store.saveMedia(media)
        // Listed before the side files move: a voice-over subtitle may be one of them.
        let voiceSubtitles = voiceOverSubtitles(of: job, video: result.filePath, workDirectory: workDirectory)
        let side = keepSideFiles(of: job, result: result, video: stored, media: media, workDirectory: workDirectory)
        let subtitles = voiceSubtitles.map { side.moved[$0] ?? $0 }

        var final = reporter.latest
        final.percent = 100
        if let size { final.downloadedBytes = size; final.totalBytes = size }
        final.speed = nil
        final.eta = 0
        let finalProgress = final
        // Published here; the transition below stores it with the job.
        await service.events.publish(.progress(id, finalProgress))
        let title = result.metadata?.title
        var events = [JobEvent.log(id, .info, "saved \(media.relativePath ?? destination) (\(ByteCount.format(size ?? 0)))", stage: .download)]
        events += side.events
        if job.lifecycle(in: service.stages).stage(after: .download) == nil {
            events.append(.notification(id, kind: "job_complete", title: "Download complete", message: title ?? job.options.url, severity: .info))
        }
        if let first = subtitles.first {
            events.append(.log(id, .info, "kept the site's \(job.options.targetLang ?? "") subtitles for the voice-over: \((first as NSString).lastPathComponent)", stage: .download))
        }
        try await run.finish(job, context: context, events: events) { job in
            job.outputPath = destination
            job.title = title ?? job.title
            job.progress = finalProgress
            for path in subtitles {
                job.artifacts.append(JobArtifact(kind: .subtitles, path: path, language: job.options.targetLang, stage: .download))
            }
            job.artifacts += side.artifacts
        }
    }

    /// The subtitle files for `language` among the `names` the downloader left in a folder of the
    /// work folder, `workDirectory` (`name.ru.vtt`, `name.ru-RU.srt`); yt-dlp writes the site's manual subtitles when there are
    /// any, else the automatic ones.
    static func subtitleFiles(_ names: [String], in workDirectory: String, language: String?) -> [String] {
        guard let language else { return [] }
        return names.sorted().filter { name in
            let parts = name.split(separator: ".")
            guard parts.count >= 3, let ext = parts.last, ["vtt", "srt"].contains(ext.lowercased()) else { return false }
            let tag = parts[parts.count - 2].lowercased()
            return tag == language || tag.hasPrefix(language + "-")
        }.map { workDirectory + "/" + $0 }
    }
}
