import Foundation
import Logging
import SpoolCore
import SpoolQueue

/// Runs the mux stage for entries of `q:mux`: mixes the voice track over the ducked original,
/// normalises it, writes the video with both audio tracks into the work folder, checks the result,
/// and puts it in place of the downloaded file in the library.
public struct MuxStage: Sendable {
    /// Settings of the stage.
    public struct Configuration: Sendable {
        /// Retries and backoff (MAX_RETRIES).
        public var retryPolicy: RetryPolicy
        /// Ducking, loudness and bit rate of the voice-over track.
        public var mix: VoiceOverSettings

        /// Creates a configuration.
        public init(retryPolicy: RetryPolicy = RetryPolicy(), mix: VoiceOverSettings = VoiceOverSettings()) {
            self.retryPolicy = retryPolicy
            self.mix = mix
        }
    }

    let service: JobService
    let processor: any MediaProcessor
    let prober: any MediaProber
    let storage: any MediaStorage
    let running: RunningJobs
    let configuration: Configuration
    let run: StageRun

    /// Creates the stage with the tools and the storage it runs on.
    public init(
        service: JobService, processor: any MediaProcessor, prober: any MediaProber, storage: any MediaStorage,
        running: RunningJobs, configuration: Configuration, logger: Logger
    ) {
        self.service = service
        self.processor = processor
        self.prober = prober
        self.storage = storage
        self.running = running
        self.configuration = configuration
        self.run = StageRun(
            definition: .mux, service: service, retryPolicy: configuration.retryPolicy,
            retryable: [.toolFailed, .storage, .internalError], logger: logger
        )
    }

    /// Handles one claimed entry; settles its lease.
    public func handle(_ context: LeaseContext) async {
        guard let job = await run.begin(context, progress: JobProgress(stage: .mux, percent: 0)) else { return }
        let reporter = ProgressReporter(jobID: job.id, stage: .mux, service: service)
        let outcome: StageOutcome<String> = await run.execute(job.id, running: running) {
            let mix = try await plan(job)
            return try await write(mix, reporter: reporter)
        }
        await run.settle(outcome, job: job, context: context) { output in
            try await finish(job, output: output, context: context)
        }
    }

    /// The mix for `job`: its library file, its voice track, the video's duration.
    func plan(_ job: Job) async throws -> VoiceOverRequest {
        guard let source = job.outputPath, storage.fileExists(source) else {
            throw SpoolError(.dubbingRejected, "the downloaded file is missing; retry the job to download it again")
        }
        guard let voice = job.artifact(.voiceTrack), storage.fileExists(voice.path) else {
            throw SpoolError(.dubbingRejected, "the voice track is missing; retry the job to dub it again")
        }
        let probe = try await prober.probe(source)
        guard !probe.audioStreams.isEmpty else {
            throw SpoolError(.dubbingRejected, "the downloaded file has no audio track to mix the voice over")
        }
        guard let duration = probe.videoStreams.first?.duration ?? probe.duration, duration > 0 else {
            throw SpoolError(.toolFailed, "cannot tell how long the downloaded file is")
        }
        let folder = try storage.createWorkDirectory(for: job.id, subfolder: "mux")
        let name = (source as NSString).lastPathComponent
        return VoiceOverRequest(
            source: source, voice: voice.path, output: folder + "/" + name, duration: duration,
            voiceLanguage: voice.language ?? job.options.targetLang ?? "und",
            originalLanguage: job.options.sourceLang,
            hasVideo: !probe.videoStreams.isEmpty,
            settings: configuration.mix
        )
    }

    private func write(_ mix: VoiceOverRequest, reporter: ProgressReporter) async throws -> String {
        try await processor.mixVoiceOver(mix) { percent in
            await reporter.report(JobProgress(stage: .mux, percent: percent))
        }
        let written = try await prober.probe(mix.output)
        let audioTracks = written.audioStreams.count
        guard audioTracks >= 2 else {
            throw SpoolError(.toolFailed, "the muxed file has \(audioTracks) audio track(s), expected 2")
        }
        return mix.output
    }

    private func finish(_ job: Job, output: String, context: LeaseContext) async throws {
        guard let source = job.outputPath else { throw SpoolError(.dubbingRejected, "the downloaded file is missing") }
        let stored = try storage.replace(source, with: output)
        let final = stored.path
        let size = stored.size
        if var media = try await service.store.media(for: job.id) {
            media.path = final
            media.relativePath = stored.relativePath
            media.filesize = size ?? media.filesize
            media.updatedAt = Date()
            try await service.store.saveMedia(media)
        }
        let done = JobProgress(stage: .mux, percent: 100, downloadedBytes: size, totalBytes: size)
        await service.events.publish(.progress(job.id, done))
        let language = LanguageCode.name(job.options.targetLang ?? "")
        try await run.finish(job, context: context, events: [
            .log(job.id, .info, "saved \((final as NSString).lastPathComponent) with the \(language) voice-over as the default audio track (\(ByteCount.format(size ?? 0)))", stage: .mux),
            .notification(job.id, kind: "job_complete", title: "Voice-over ready", message: job.title ?? job.options.url, severity: .info),
        ]) { job in
            job.outputPath = final
            job.progress = done
        }
    }
}
