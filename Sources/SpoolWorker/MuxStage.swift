import Foundation
import Logging
import SpoolCore
import SpoolMedia
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
        public var mix: VoiceOverMix.Settings

        /// Creates a configuration.
        public init(retryPolicy: RetryPolicy = RetryPolicy(), mix: VoiceOverMix.Settings = VoiceOverMix.Settings()) {
            self.retryPolicy = retryPolicy
            self.mix = mix
        }
    }

    let service: JobService
    let ffmpeg: FFmpeg
    let ffprobe: FFprobe
    let paths: MediaPaths
    let running: RunningJobs
    let configuration: Configuration
    let run: StageRun

    /// Creates the stage.
    public init(service: JobService, ffmpeg: FFmpeg, ffprobe: FFprobe, paths: MediaPaths, running: RunningJobs, configuration: Configuration, logger: Logger) {
        self.service = service
        self.ffmpeg = ffmpeg
        self.ffprobe = ffprobe
        self.paths = paths
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
    func plan(_ job: Job) async throws -> VoiceOverMix {
        guard let source = job.outputPath, FileManager.default.fileExists(atPath: source) else {
            throw SpoolError(.dubbingRejected, "the downloaded file is missing; retry the job to download it again")
        }
        guard let voice = job.artifact(.voiceTrack), FileManager.default.fileExists(atPath: voice.path) else {
            throw SpoolError(.dubbingRejected, "the voice track is missing; retry the job to dub it again")
        }
        let probe = try await ffprobe.probe(source)
        guard !probe.audioStreams.isEmpty else {
            throw SpoolError(.dubbingRejected, "the downloaded file has no audio track to mix the voice over")
        }
        guard let duration = probe.videoStreams.first?.duration ?? probe.duration, duration > 0 else {
            throw SpoolError(.toolFailed, "cannot tell how long the downloaded file is")
        }
        let folder = paths.workDirectory(for: job.id) + "/mux"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = (source as NSString).lastPathComponent
        return VoiceOverMix(
            source: source, voice: voice.path, output: folder + "/" + name, duration: duration,
            voiceLanguage: voice.language ?? job.options.targetLang ?? "und",
            originalLanguage: job.options.sourceLang,
            hasVideo: !probe.videoStreams.isEmpty,
            settings: configuration.mix
        )
    }

    private func write(_ mix: VoiceOverMix, reporter: ProgressReporter) async throws -> String {
        try await ffmpeg.mux(mix) { percent in
            await reporter.report(JobProgress(stage: .mux, percent: percent))
        }
        let written = try await ffprobe.probe(mix.output)
        let audioTracks = written.audioStreams.count
        guard audioTracks >= 2 else {
            throw SpoolError(.toolFailed, "the muxed file has \(audioTracks) audio track(s), expected 2")
        }
        return mix.output
    }

    private func finish(_ job: Job, output: String, context: LeaseContext) async throws {
        guard let source = job.outputPath else { throw SpoolError(.dubbingRejected, "the downloaded file is missing") }
        let final = try LibraryMover(paths: paths).replace(source, with: output)
        let size = (try? FileManager.default.attributesOfItem(atPath: final)[.size] as? NSNumber)?.int64Value
        if var media = try await service.store.media(for: job.id) {
            media.path = final
            media.relativePath = String(final.dropFirst(LibraryMover.resolve(paths.libraryRoot).count + 1))
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
