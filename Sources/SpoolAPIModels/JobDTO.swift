import Foundation
import SpoolCore

/// A job as the API shows it. Every member is always present; unknown values are `null`.
public struct JobDTO: Sendable, Codable, Hashable, Identifiable {
    /// The job's id (a lowercase UUID).
    public var id: JobID
    /// The job's store number (``Job/number``): small, stable and never reused; Transmission
    /// remotes show it as the torrent id. Nil only for a job not stored yet.
    public var number: Int64?
    /// The id of the user who added the job; nil for a job that belongs to no one (added before
    /// owners were recorded, or by a followed source).
    public var ownerId: Int64?
    /// The source URL.
    public var url: String
    /// Lifecycle state.
    public var status: JobState
    /// For a paused job, the state it was paused from.
    public var pausedFrom: JobState?
    /// The running stage, else the stage the job waits for, else nil.
    public var stage: Stage?
    /// Title once known.
    public var title: String?
    /// Latest progress of the current (or last) stage.
    public var progress: Progress
    /// Attempts made at the current stage.
    public var attempts: Int
    /// Why the job failed, when it did.
    public var error: Failure?
    /// Final file path, once complete.
    public var outputPath: String?
    /// Ordering key within the priority class; lower runs first.
    public var queuePosition: Int64
    /// Priority class.
    public var priority: JobPriority
    /// Labels.
    public var tags: [String]
    /// Format preset or yt-dlp format expression.
    public var formatPreset: String
    /// Container of the finished file.
    public var outputContainer: OutputContainer
    /// Whether a voice-over track was requested.
    public var requestedDubbing: Bool
    /// Voice-over language.
    public var targetLang: String?
    /// Dubbing engine; nil means the server's default.
    public var dubbingProvider: String?
    /// Spoken language of the original, when the user gave it.
    public var sourceLang: String?
    /// Whether a subtitle file for the voice-over came with the job (its text is not repeated here).
    public var hasDubbingSubtitles: Bool
    /// Every stage of the job in order, with its status and progress.
    public var stages: [StageStatus]
    /// Files the stages produced on the way (voice track, subtitles).
    public var artifacts: [Artifact]
    /// Subtitle languages to embed.
    public var subtitleLanguages: [String]
    /// Whether the thumbnail is embedded.
    public var embedThumbnail: Bool
    /// Output template relative to the library; nil means the default.
    public var outputTemplate: String?
    /// The processing profile the job is transcoded with (the name of the copy it was added with); nil for none.
    public var process: String?
    /// What the PROCESSING stage did, once it ran.
    public var processingReport: ProcessingReportDTO?
    /// The storage target the files are uploaded to; nil keeps them in the library.
    public var storage: String?
    /// The batch the job was added in and its episode number there; nil for a job added alone.
    public var batch: BatchMembership?
    /// When the job was added.
    public var createdAt: Date
    /// When anything last changed.
    public var updatedAt: Date
    /// When the first stage started.
    public var startedAt: Date?
    /// When the job reached a terminal state.
    public var finishedAt: Date?

    /// Progress numbers of one stage.
    public struct Progress: Sendable, Codable, Hashable {
        /// Stage the numbers belong to.
        public var stage: Stage?
        /// Percent done, 0…100.
        public var percent: Double?
        /// Bytes done.
        public var downloadedBytes: Int64?
        /// Total bytes, exact or estimated.
        public var totalBytes: Int64?
        /// Bytes per second.
        public var speed: Double?
        /// Seconds left.
        public var eta: Double?
        /// Frames encoded per second (processing).
        public var fps: Double?
        /// Media seconds encoded per wall second (processing).
        public var speedFactor: Double?

        /// Copies core progress.
        public init(_ progress: JobProgress) {
            stage = progress.stage
            percent = progress.percent
            downloadedBytes = progress.downloadedBytes
            totalBytes = progress.totalBytes
            speed = progress.speed
            eta = progress.eta
            fps = progress.fps
            speedFactor = progress.speedFactor
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(percent, forKey: .percent)
            try container.encode(downloadedBytes, forKey: .downloadedBytes)
            try container.encode(totalBytes, forKey: .totalBytes)
            try container.encode(speed, forKey: .speed)
            try container.encode(eta, forKey: .eta)
            try container.encode(fps, forKey: .fps)
            try container.encode(speedFactor, forKey: .speedFactor)
        }
    }

    /// One stage of a job as the API shows it.
    public struct StageStatus: Sendable, Codable, Hashable {
        /// Where a stage is: `pending` (an earlier stage runs first), `queued`, `running`, `paused`,
        /// `done`, `failed` or `canceled`.
        public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
            case pending, queued, running, paused, done, failed, canceled
        }

        /// The stage.
        public var name: Stage
        /// Where it is.
        public var status: Status
        /// Percent done, when known.
        public var percent: Double?

        /// Creates a stage status.
        public init(name: Stage, status: Status, percent: Double?) {
            self.name = name
            self.status = status
            self.percent = percent
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(status, forKey: .status)
            try container.encode(percent, forKey: .percent)
        }

        /// The stages of `job`, download first.
        static func all(of job: Job, machine: JobLifecycle) -> [StageStatus] {
            let unfinished = machine.firstUnfinishedStage
            return machine.plan.map(\.stage).map { stage in
                let live = job.progress.stage == stage ? job.progress.percent : nil
                if machine.finished.contains(stage) { return StageStatus(name: stage, status: .done, percent: 100) }
                if machine.runningStage == stage { return StageStatus(name: stage, status: .running, percent: live ?? 0) }
                guard stage == unfinished else { return StageStatus(name: stage, status: .pending, percent: nil) }
                switch job.state {
                case .failed: return StageStatus(name: stage, status: .failed, percent: live)
                case .canceled: return StageStatus(name: stage, status: .canceled, percent: live)
                case .paused: return StageStatus(name: stage, status: .paused, percent: live)
                default: return StageStatus(name: stage, status: machine.waitingStage == stage ? .queued : .pending, percent: live)
                }
            }
        }
    }

    /// A file a stage produced for a later one.
    public struct Artifact: Sendable, Codable, Hashable {
        /// `voice_track` or `subtitles`.
        public var kind: JobArtifact.Kind
        /// The file's name (in the job's work folder).
        public var name: String
        /// Its language, when it has one.
        public var language: String?
        /// The stage that made it.
        public var stage: Stage

        /// Copies a core artifact, keeping only the file name.
        public init(_ artifact: JobArtifact) {
            kind = artifact.kind
            name = (artifact.path as NSString).lastPathComponent
            language = artifact.language
            stage = artifact.stage
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(name, forKey: .name)
            try container.encode(language, forKey: .language)
            try container.encode(stage, forKey: .stage)
        }
    }

    /// Why a job failed.
    public struct Failure: Sendable, Codable, Hashable {
        /// Stable error code (`download_failed`, `stalled`, …).
        public var code: String
        /// Human-readable reason.
        public var message: String
        /// The stage that failed.
        public var stage: Stage?

        /// Copies a core failure.
        public init(_ failure: JobFailure) {
            code = failure.code
            message = failure.message
            stage = failure.stage
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(stage, forKey: .stage)
        }
    }

    /// The API view of a job whose plan comes from `stages`.
    public init(_ job: Job, stages: StageCatalog) {
        let machine = job.lifecycle(in: stages)
        id = job.id
        url = job.options.url
        status = job.state
        pausedFrom = job.pausedFrom
        stage = machine.runningStage ?? machine.waitingStage ?? machine.pausedStage
        title = job.title
        progress = Progress(job.progress)
        attempts = job.attempts
        error = job.failure.map(Failure.init)
        outputPath = job.outputPath
        queuePosition = job.queuePosition
        number = job.number
        ownerId = job.ownerID
        priority = job.options.priority
        tags = job.options.tags
        formatPreset = job.options.formatPreset
        outputContainer = job.options.outputContainer
        requestedDubbing = job.options.requestedDubbing
        targetLang = job.options.targetLang
        dubbingProvider = job.options.dubbingProvider
        sourceLang = job.options.sourceLang
        hasDubbingSubtitles = job.options.dubbingSubtitles != nil
        self.stages = StageStatus.all(of: job, machine: machine)
        // Side files and a kept original live in the library beside the output: they are not
        // files handed between stages.
        artifacts = job.artifacts.filter { $0.kind != .sideFile && $0.kind != .original }.map(Artifact.init)
        subtitleLanguages = job.options.subtitleLanguages
        embedThumbnail = job.options.embedThumbnail
        outputTemplate = job.options.outputTemplate
        process = job.options.processing?.name
        processingReport = job.processingReport.map(ProcessingReportDTO.init)
        storage = job.options.storage
        batch = job.options.batch
        createdAt = job.createdAt
        updatedAt = job.updatedAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
    }
}
