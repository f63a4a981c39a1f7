import Foundation

/// A download (and optionally dubbing) request and everything known about its progress.
public struct Job: Sendable, Codable, Hashable, Identifiable {
    /// The job's id.
    public var id: JobID
    /// A small number the store gives the job when it is inserted (1, 2, 3, … per store): it never
    /// changes and is never given to another job, even after this one is deleted. Nil before the
    /// job is stored. Transmission remotes know jobs by it.
    public var number: Int64?
    /// What the user asked for.
    public var options: JobOptions
    /// The id of the user who added the job; nil for a job that belongs to no one (added before
    /// owners were recorded, by a followed source, or by the server itself), which every user sees.
    public var ownerID: Int64?
    /// Lifecycle state.
    public var state: JobState
    /// For a paused job: the state it was paused from (resume returns there).
    public var pausedFrom: JobState?
    /// Latest progress of the running (or last) stage.
    public var progress: JobProgress
    /// Attempts made at the current stage (0 before the first).
    public var attempts: Int
    /// Why the job failed, when it did.
    public var failure: JobFailure?
    /// Title once known (from metadata), else nil.
    public var title: String?
    /// Final file path inside the library, once complete.
    public var outputPath: String?
    /// Stages that finished, in order (for `resume` of a failed job).
    public var finishedStages: [Stage]
    /// Files the stages produced on the way (the voice track, fetched subtitles), reused on resume.
    public var artifacts: [JobArtifact]
    /// Queue position within its priority class; lower runs first.
    public var queuePosition: Int64
    /// When the job was created.
    public var createdAt: Date
    /// When anything last changed.
    public var updatedAt: Date
    /// When the first stage started.
    public var startedAt: Date?
    /// When the job reached a terminal state.
    public var finishedAt: Date?
    /// What the PROCESSING stage did (sizes, codecs, encoder, speed, quality), once it ran.
    public var processingReport: ProcessingReport?

    /// Creates a new QUEUED job.
    public init(id: JobID = .random(), options: JobOptions, now: Date = Date(), queuePosition: Int64 = 0) {
        self.id = id
        self.number = nil
        self.options = options
        self.ownerID = nil
        self.state = .queued
        self.pausedFrom = nil
        self.progress = JobProgress()
        self.attempts = 0
        self.failure = nil
        self.title = nil
        self.outputPath = nil
        self.finishedStages = []
        self.artifacts = []
        self.queuePosition = queuePosition
        self.createdAt = now
        self.updatedAt = now
        self.startedAt = nil
        self.finishedAt = nil
        self.processingReport = nil
    }

    /// The lifecycle state machine for this job, its plan taken from `catalog`.
    public func lifecycle(in catalog: StageCatalog) -> JobLifecycle {
        JobLifecycle(state: state, pausedFrom: pausedFrom, stages: catalog.plan(for: options), finished: finishedStages)
    }
}

/// Progress of the current stage.
public struct JobProgress: Sendable, Codable, Hashable {
    /// Stage the numbers belong to.
    public var stage: Stage?
    /// Percent done, 0…100, when known.
    public var percent: Double?
    /// Bytes done.
    public var downloadedBytes: Int64?
    /// Total bytes (exact or estimated), when known.
    public var totalBytes: Int64?
    /// Bytes per second.
    public var speed: Double?
    /// Seconds left.
    public var eta: Double?
    /// Frames encoded per second (processing).
    public var fps: Double?
    /// Media seconds encoded per wall second (processing; `2.0` is twice real time).
    public var speedFactor: Double?

    /// Empty progress.
    public init(
        stage: Stage? = nil, percent: Double? = nil, downloadedBytes: Int64? = nil, totalBytes: Int64? = nil,
        speed: Double? = nil, eta: Double? = nil, fps: Double? = nil, speedFactor: Double? = nil
    ) {
        self.stage = stage
        self.percent = percent
        self.downloadedBytes = downloadedBytes
        self.totalBytes = totalBytes
        self.speed = speed
        self.eta = eta
        self.fps = fps
        self.speedFactor = speedFactor
    }
}

/// Why a job failed: a stable code and the tool's message.
public struct JobFailure: Sendable, Codable, Hashable {
    /// Stable error code.
    public var code: String
    /// Human-readable reason (e.g. the tail of yt-dlp's stderr).
    public var message: String
    /// Stage that failed.
    public var stage: Stage?

    /// Creates a failure record.
    public init(code: String, message: String, stage: Stage?) {
        self.code = code
        self.message = message
        self.stage = stage
    }
}

/// A file a stage produced for a later stage (kept in the job's work folder until the job ends), or
/// a side file the download stage put into the library beside the output (``Kind/sideFile``).
public struct JobArtifact: Sendable, Codable, Hashable {
    /// What the file is.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// The voice-over speech track made by the dub stage.
        case voiceTrack = "voice_track"
        /// A subtitle file in the voice-over language (the site's or the user's).
        case subtitles
        /// A file in the library kept beside the output (info.json, thumbnail, subtitles, NFO of an
        /// archived video), deleted with it.
        case sideFile = "side_file"
        /// The downloaded file kept in the library beside the processed result, deleted with it.
        case original
    }

    /// What the file is.
    public var kind: Kind
    /// Absolute path of the file.
    public var path: String
    /// Its language (ISO 639-1), when it has one.
    public var language: String?
    /// The stage that made it.
    public var stage: Stage

    /// Creates an artifact record.
    public init(kind: Kind, path: String, language: String? = nil, stage: Stage) {
        self.kind = kind
        self.path = path
        self.language = language
        self.stage = stage
    }
}

extension Job {
    /// The latest artifact of `kind`, if any.
    public func artifact(_ kind: JobArtifact.Kind) -> JobArtifact? {
        artifacts.last { $0.kind == kind }
    }

    /// Replaces the artifacts of `artifact.kind` with `artifact`.
    public mutating func setArtifact(_ artifact: JobArtifact) {
        artifacts.removeAll { $0.kind == artifact.kind }
        artifacts.append(artifact)
    }
}
