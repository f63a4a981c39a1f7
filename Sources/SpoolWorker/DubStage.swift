import Foundation
import Logging
import SpoolCore
import SpoolQueue

/// Runs the dub stage for entries of `q:dub`: picks the job's engine, hands it the downloaded file
/// (and the subtitles, and the original audio on demand), and keeps the voice track it returns as an
/// artifact for the mux stage.
public struct DubStage: Sendable {
    /// Settings of the stage.
    public struct Configuration: Sendable {
        /// Retries and backoff (MAX_RETRIES).
        public var retryPolicy: RetryPolicy
        /// The engine for jobs that name none (DUBBING_PROVIDER).
        public var defaultProvider: String

        /// Creates a configuration.
        public init(retryPolicy: RetryPolicy = RetryPolicy(), defaultProvider: String = "yandex") {
            self.retryPolicy = retryPolicy
            self.defaultProvider = defaultProvider
        }
    }

    let service: JobService
    let providers: [String: any DubbingProvider]
    let processor: any MediaProcessor
    let storage: any MediaStorage
    let running: RunningJobs
    let configuration: Configuration
    let run: StageRun

    /// Creates the stage with the engines this process can run, by name; `processor` extracts the
    /// original audio for engines that ask for it.
    public init(
        service: JobService, providers: [any DubbingProvider], processor: any MediaProcessor, storage: any MediaStorage,
        running: RunningJobs, configuration: Configuration, logger: Logger
    ) {
        self.service = service
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.processor = processor
        self.storage = storage
        self.running = running
        self.configuration = configuration
        self.run = StageRun(
            definition: .dub, service: service, retryPolicy: configuration.retryPolicy,
            retryable: [.dubbingFailed, .toolFailed, .storage, .downloadFailed, .internalError], logger: logger
        )
    }

    /// Handles one claimed entry; settles its lease.
    public func handle(_ context: LeaseContext) async {
        guard let job = await run.begin(context, progress: JobProgress(stage: .dub, percent: 0)) else { return }
        let reporter = ProgressReporter(jobID: job.id, stage: .dub, service: service)
        let outcome: StageOutcome<DubbingResult> = await run.execute(job.id, running: running) {
            let provider = try engine(for: job)
            let request = try await prepare(job)
            try? await service.record([.log(job.id, .info, "voice-over into \(LanguageCode.name(request.targetLanguage)) with the \(provider.name) engine", stage: .dub)])
            return try await dub(request, with: provider, reporter: reporter)
        }
        await run.settle(outcome, job: job, context: context) { result in
            try await finish(job, result: result, context: context)
        }
    }

    /// The job's engine, or a permanent failure naming the engines there are.
    func engine(for job: Job) throws(SpoolError) -> any DubbingProvider {
        try Self.engine(for: job, among: providers, defaultProvider: configuration.defaultProvider)
    }

    /// The job's engine among `providers` (by name), or a permanent failure naming the engines there are.
    static func engine(for job: Job, among providers: [String: any DubbingProvider], defaultProvider: String) throws(SpoolError) -> any DubbingProvider {
        let name = job.options.dubbingProvider ?? defaultProvider
        guard let provider = providers[name] else {
            let known = providers.keys.sorted().joined(separator: ", ")
            throw SpoolError(.providerUnavailable, "the \(name) dubbing engine is not configured here (available: \(known.isEmpty ? "none" : known))")
        }
        if let languages = provider.supportedTargetLanguages, let target = job.options.targetLang, !languages.contains(target) {
            throw SpoolError(.unsupportedLanguage, "the \(name) engine cannot speak '\(target)' (it speaks \(languages.sorted().joined(separator: ", ")))")
        }
        return provider
    }

    private func dub(_ request: DubbingRequest, with provider: any DubbingProvider, reporter: ProgressReporter) async throws -> DubbingResult {
        let id = request.jobID
        let service = self.service
        return try await provider.dub(request) { update in
            if let percent = update.percent {
                await reporter.report(JobProgress(stage: .dub, percent: min(max(percent, 0), 100)))
            }
            if let message = update.message {
                try? await service.record([.log(id, .info, message, stage: .dub)])
            }
        }
    }

    private func finish(_ job: Job, result: DubbingResult, context: LeaseContext) async throws {
        guard storage.fileExists(result.audioPath) else {
            throw SpoolError(.dubbingFailed, "the engine reported a voice track that does not exist")
        }
        let artifact = JobArtifact(kind: .voiceTrack, path: result.audioPath, language: result.language, stage: .dub)
        let note = JobEvent.log(job.id, .info, "voice track ready: \((result.audioPath as NSString).lastPathComponent)", stage: .dub)
        let done = JobProgress(stage: .dub, percent: 100)
        await service.events.publish(.progress(job.id, done))
        try await run.finish(job, context: context, events: [note]) { job in
            job.setArtifact(artifact)
            job.progress = done
        }
    }
}
