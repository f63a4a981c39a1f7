import Foundation
import Logging
import SpoolCore
import SpoolQueue

/// Runs the PROCESSING stage for entries of `q:process`: transcodes the job's file under the
/// processing profile it was added with — stream copy when the file already complies, the best
/// working hardware encoder when the profile asks for the GPU (software once when that fails) —
/// checks the result, and puts it into the library beside or in place of the original.
public struct ProcessStage: Sendable {
    /// Settings of the stage.
    public struct Configuration: Sendable {
        /// Retries and backoff (MAX_RETRIES).
        public var retryPolicy: RetryPolicy
        /// Seconds of video a quality score is measured on (QUALITY_SAMPLE_SECONDS).
        public var qualitySampleSeconds: Double

        /// Creates a configuration.
        public init(retryPolicy: RetryPolicy = RetryPolicy(), qualitySampleSeconds: Double = 30) {
            self.retryPolicy = retryPolicy
            self.qualitySampleSeconds = qualitySampleSeconds
        }
    }

    let service: JobService
    let transcoder: any MediaTranscoder
    let prober: any MediaProber
    let hardware: HardwareEncoders
    let storage: any MediaStorage
    let running: RunningJobs
    let configuration: Configuration
    let run: StageRun

    /// Creates the stage with the tools, this process's hardware encoders and the storage.
    public init(
        service: JobService, transcoder: any MediaTranscoder, prober: any MediaProber, hardware: HardwareEncoders,
        storage: any MediaStorage, running: RunningJobs, configuration: Configuration, logger: Logger
    ) {
        self.service = service
        self.transcoder = transcoder
        self.prober = prober
        self.hardware = hardware
        self.storage = storage
        self.running = running
        self.configuration = configuration
        self.run = StageRun(
            definition: .process, service: service, retryPolicy: configuration.retryPolicy,
            retryable: [.toolFailed, .storage, .internalError], logger: logger
        )
    }

    /// Handles one claimed entry; settles its lease.
    public func handle(_ context: LeaseContext) async {
        guard let job = await run.begin(context, progress: JobProgress(stage: .process, percent: 0)) else { return }
        let reporter = ProgressReporter(jobID: job.id, stage: .process, service: service)
        let outcome: StageOutcome<ProcessedFile> = await run.execute(job.id, running: running) {
            try await process(job, reporter: reporter)
        }
        await run.settle(outcome, job: job, context: context) { processed in
            try await finish(job, processed: processed, context: context)
        }
    }

    /// Plans, encodes and checks the job's file; the result is still in the work folder.
    func process(_ job: Job, reporter: ProgressReporter) async throws -> ProcessedFile {
        guard let profile = job.options.processing else {
            throw SpoolError(.invalidInput, "the job names no processing profile")
        }
        guard let source = job.outputPath, storage.fileExists(source) else {
            throw SpoolError(.notFound, "the downloaded file is missing; retry the job to download it again")
        }
        let input = try await prober.probe(source)
        let plan = try TranscodePlan.make(profile: profile, probe: input)
        guard plan.mode != .skip else {
            return ProcessedFile(plan: plan, profile: profile, input: input, output: input, path: nil, encoder: "none", hardware: nil, fallbackReason: nil, seconds: 0, quality: nil)
        }
        let folder = try storage.createWorkDirectory(for: job.id, subfolder: "process")
        let name = SideFile.Name.stem(of: (source as NSString).lastPathComponent) + "." + plan.container.rawValue
        var request = TranscodeRequest(
            source: source, output: folder + "/" + name, workDirectory: folder, plan: plan, profile: profile, duration: input.duration
        )
        var fallbackReason: String?
        if profile.useGPU, plan.mode != .copy {
            let report = await hardware.report()
            if let encoder = report.best(for: profile.codec) {
                request.hardware = encoder
            } else {
                fallbackReason = "no working hardware encoder for \(profile.codec.rawValue) (\(report.unavailableReason(for: profile.codec)))"
            }
        }
        try? await service.record([.log(job.id, .info, Self.describe(plan, request: request, fallbackReason: fallbackReason), stage: .process)])
        let started = ContinuousClock.now
        do {
            try await encode(request, job: job, reporter: reporter)
        } catch let error as SpoolError where request.hardware != nil && !Task.isCancelled {
            let encoder = request.hardware?.name ?? "the hardware encoder"
            fallbackReason = "\(encoder) failed: \(error.message)"
            request.hardware = nil
            try? await service.record([.log(job.id, .warning, "\(fallbackReason!); encoding again in software with \(profile.codec.softwareEncoder)", stage: .process)])
            try await encode(request, job: job, reporter: reporter)
        }
        let seconds = (ContinuousClock.now - started).timeInterval
        let output = try await verify(request.output, against: input, profile: profile)
        let quality = await score(job, request: request, duration: input.duration)
        return ProcessedFile(
            plan: plan, profile: profile, input: input, output: output, path: request.output, encoder: request.encoderName,
            hardware: request.hardware, fallbackReason: fallbackReason, seconds: seconds, quality: quality
        )
    }

    /// Runs the encode and logs the ffmpeg command lines it ran.
    private func encode(_ request: TranscodeRequest, job: Job, reporter: ProgressReporter) async throws {
        let commands = try await transcoder.transcode(request) { progress in
            await reporter.report(JobProgress(
                stage: .process, percent: progress.percent, eta: progress.eta, fps: progress.fps, speedFactor: progress.speed
            ))
        }
        try? await service.record(commands.map { .log(job.id, .info, $0, stage: .process) })
    }

    /// Probes the result: a video stream when the source had one, every audio track, the same
    /// duration within a second; then, when the profile asks, a full decode.
    func verify(_ path: String, against input: MediaProbe, profile: ProcessingProfile) async throws -> MediaProbe {
        let output = try await prober.probe(path)
        if !input.videoStreams.isEmpty, output.videoStreams.isEmpty {
            throw SpoolError(.toolFailed, "the processed file has no video stream")
        }
        guard output.audioStreams.count == input.audioStreams.count else {
            throw SpoolError(.toolFailed, "the processed file has \(output.audioStreams.count) audio track(s), the original \(input.audioStreams.count)")
        }
        if let before = input.duration, let after = output.duration, abs(before - after) > 1 {
            throw SpoolError(.toolFailed, String(format: "the processed file lasts %.1f s, the original %.1f s", after, before))
        }
        if profile.fullDecodeCheck {
            try await transcoder.checkDecodes(path)
        }
        return output
    }

    /// The profile's quality score of the result, or nil (with a log line) when it cannot be measured.
    private func score(_ job: Job, request: TranscodeRequest, duration: Double?) async -> ProcessingReport.QualityScore? {
        guard let metric = request.profile.qualityMetric, request.plan.mode != .copy else { return nil }
        let sample = min(configuration.qualitySampleSeconds, duration ?? configuration.qualitySampleSeconds)
        do {
            let value = try await transcoder.measureQuality(reference: request.source, encoded: request.output, metric: metric, sampleSeconds: sample)
            return ProcessingReport.QualityScore(metric: metric, value: value, sampleSeconds: sample)
        } catch {
            try? await service.record([.log(job.id, .warning, "no \(metric.rawValue) score: \((error as? SpoolError)?.message ?? "\(error)")", stage: .process)])
            return nil
        }
    }

    private func finish(_ job: Job, processed: ProcessedFile, context: LeaseContext) async throws {
        guard let source = job.outputPath else { throw SpoolError(.notFound, "the downloaded file is missing") }
        guard let path = processed.path else {
            try await run.finish(job, context: context, events: [
                .log(job.id, .info, "nothing to process: \(processed.plan.reasons.joined(separator: "; "))", stage: .process),
            ]) { job in
                job.processingReport = processed.report(originalPath: nil)
            }
            return
        }
        let keep = processed.profile.keepOriginal
        let stored = keep ? try storeBeside(path, original: source, profile: processed.profile) : try storage.replace(source, with: path)
        if var media = try await service.store.media(for: job.id) {
            processed.output.apply(to: &media)
            media.path = stored.path
            media.relativePath = stored.relativePath
            media.filesize = stored.size ?? media.filesize
            media.updatedAt = Date()
            try await service.store.saveMedia(media)
        }
        let report = processed.report(originalPath: keep ? source : nil)
        let done = JobProgress(stage: .process, percent: 100, downloadedBytes: stored.size, totalBytes: stored.size)
        await service.events.publish(.progress(job.id, done))
        try await run.finish(job, context: context, events: [
            .log(job.id, .info, Self.summary(report, savedAs: stored.path), stage: .process),
        ]) { job in
            job.outputPath = stored.path
            job.progress = done
            job.processingReport = report
            if keep { job.setArtifact(JobArtifact(kind: .original, path: source, stage: .process)) }
        }
    }

    /// Puts the result beside the original as `name.<profile>.<ext>`, replacing what an earlier
    /// attempt of this job left there.
    private func storeBeside(_ path: String, original: String, profile: ProcessingProfile) throws -> StoredFile {
        let suffix = "." + profile.name + "." + (path as NSString).pathExtension
        let directory = (original as NSString).deletingLastPathComponent
        let target = directory + "/" + SideFile.Name.stem(of: (original as NSString).lastPathComponent) + suffix
        if storage.fileExists(target) {
            return try storage.replace(target, with: path)
        }
        return try storage.storeSideFile(SideFile(kind: .processed, path: path, name: .besideVideo(suffix: suffix)), beside: original)
    }

    static func describe(_ plan: TranscodePlan, request: TranscodeRequest, fallbackReason: String?) -> String {
        let why = plan.reasons.isEmpty ? "" : " (\(plan.reasons.joined(separator: "; ")))"
        switch plan.mode {
        case .skip:
            return "nothing to process\(why)"
        case .copy:
            return "the video already meets the \(request.profile.name) profile: copying its streams into \(plan.container.rawValue)\(why)"
        case .encode, .twoPass:
            let passes = plan.mode == .twoPass ? " in two passes at \(plan.videoBitrate ?? 0) kbit/s" : ""
            let software = fallbackReason.map { "; \($0), encoding in software" } ?? ""
            return "transcoding with \(request.encoderName)\(passes)\(why)\(software)"
        }
    }

    static func summary(_ report: ProcessingReport, savedAs path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let sizes = "\(ByteCount.format(report.input.size ?? 0)) → \(ByteCount.format(report.output.size ?? 0))"
        let change = report.sizeRatio.map { String(format: " (%+.0f %%)", ($0 - 1) * 100) } ?? ""
        let picture = [report.output.videoCodec, report.output.height.map { "\($0)p" }].compactMap { $0 }.joined(separator: " ")
        let speed = report.speed.map { String(format: ", %.1f× real time", $0) } ?? ""
        let quality = report.quality.map { String(format: ", %@ %.3f", $0.metric.rawValue, $0.value) } ?? ""
        return "saved \(name): \(picture), \(sizes)\(change), \(report.encoder) in \(String(format: "%.1f", report.seconds)) s\(speed)\(quality)"
    }
}

/// A finished encode in the work folder, with what is needed to report it.
struct ProcessedFile: Sendable {
    let plan: TranscodePlan
    let profile: ProcessingProfile
    let input: MediaProbe
    let output: MediaProbe
    /// The result in the work folder; nil when there was nothing to do.
    let path: String?
    let encoder: String
    let hardware: HardwareEncoderStatus?
    let fallbackReason: String?
    let seconds: Double
    let quality: ProcessingReport.QualityScore?

    func report(originalPath: String?) -> ProcessingReport {
        let speed = input.duration.flatMap { duration in seconds > 0 ? duration / seconds : nil }
        return ProcessingReport(
            profile: profile.name, mode: plan.mode, encoder: encoder, hardware: hardware != nil, fallbackReason: fallbackReason,
            input: .init(input), output: .init(output), seconds: seconds, speed: path == nil ? nil : speed, quality: quality,
            originalPath: originalPath
        )
    }
}
