import Foundation
import SpoolAPI
import SpoolCore

// Client-side views of the API's JSON. Where the server's DTO already decodes leniently it is used
// as is (media, event pages); jobs and job pages have their own lenient decoding so that an older
// CLI keeps working against a newer server that adds states or fields.

/// A job as `GET /api/jobs/:id` and friends return it (the contract's "JobDTO").
public struct RemoteJob: Sendable, Codable, Hashable, Identifiable {
    /// Full job id (a lowercase UUID).
    public var id: String
    /// Source URL.
    public var url: String
    /// Lifecycle state.
    public var status: JobState
    /// For a paused job, the state it was paused from.
    public var pausedFrom: JobState?
    /// The running stage, else the waiting stage, else nil.
    public var stage: Stage?
    /// Title once known.
    public var title: String?
    /// Latest progress.
    public var progress: JobProgress
    /// Attempts at the current stage.
    public var attempts: Int
    /// Why the job failed, when it did.
    public var error: JobFailure?
    /// Final file path, once complete.
    public var outputPath: String?
    /// Position in the queue within its priority class.
    public var queuePosition: Int64?
    /// Priority class.
    public var priority: JobPriority
    /// Labels.
    public var tags: [String]
    /// Format preset or yt-dlp format string.
    public var formatPreset: String?
    /// Container of the finished file (`mkv`, `mp4`).
    public var outputContainer: String?
    /// Whether a voice-over was requested.
    public var requestedDubbing: Bool
    /// Voice-over language.
    public var targetLang: String?
    /// Dubbing engine.
    public var dubbingProvider: String?
    /// Every stage with its status (`download`, then `dub` and `mux` for a dubbing job).
    public var stages: [RemoteStage]
    /// Subtitle languages.
    public var subtitleLanguages: [String]
    /// Whether the thumbnail is embedded.
    public var embedThumbnail: Bool
    /// Output template relative to the library.
    public var outputTemplate: String?
    /// Creation time.
    public var createdAt: Date?
    /// Last change.
    public var updatedAt: Date?
    /// When the first stage started.
    public var startedAt: Date?
    /// When the job reached a terminal state.
    public var finishedAt: Date?

    private enum CodingKeys: String, CodingKey {
        case id, url, status, pausedFrom, stage, title, progress, attempts, error, outputPath, queuePosition,
             priority, tags, formatPreset, outputContainer, requestedDubbing, targetLang, dubbingProvider,
             stages, subtitleLanguages, embedThumbnail, outputTemplate, createdAt, updatedAt, startedAt, finishedAt
    }

    /// Creates a job view (used by tests and previews).
    public init(id: String, url: String, status: JobState, title: String? = nil, progress: JobProgress = JobProgress(), priority: JobPriority = .normal) {
        self.id = id
        self.url = url
        self.status = status
        self.title = title
        self.progress = progress
        self.attempts = 0
        self.priority = priority
        self.tags = []
        self.requestedDubbing = false
        self.stages = []
        self.subtitleLanguages = []
        self.embedThumbnail = false
    }

    /// Decodes the contract's job JSON; absent optional members take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
        status = try c.decode(JobState.self, forKey: .status)
        pausedFrom = try c.decodeIfPresent(JobState.self, forKey: .pausedFrom)
        stage = try c.decodeIfPresent(Stage.self, forKey: .stage)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        progress = try c.decodeIfPresent(JobProgress.self, forKey: .progress) ?? JobProgress()
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        error = try c.decodeIfPresent(JobFailure.self, forKey: .error)
        outputPath = try c.decodeIfPresent(String.self, forKey: .outputPath)
        queuePosition = try c.decodeIfPresent(Int64.self, forKey: .queuePosition)
        priority = try c.decodeIfPresent(JobPriority.self, forKey: .priority) ?? .normal
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        formatPreset = try c.decodeIfPresent(String.self, forKey: .formatPreset)
        outputContainer = try c.decodeIfPresent(String.self, forKey: .outputContainer)
        requestedDubbing = try c.decodeIfPresent(Bool.self, forKey: .requestedDubbing) ?? false
        targetLang = try c.decodeIfPresent(String.self, forKey: .targetLang)
        dubbingProvider = try c.decodeIfPresent(String.self, forKey: .dubbingProvider)
        stages = try c.decodeIfPresent([RemoteStage].self, forKey: .stages) ?? []
        subtitleLanguages = try c.decodeIfPresent([String].self, forKey: .subtitleLanguages) ?? []
        embedThumbnail = try c.decodeIfPresent(Bool.self, forKey: .embedThumbnail) ?? false
        outputTemplate = try c.decodeIfPresent(String.self, forKey: .outputTemplate)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
        startedAt = try c.decodeIfPresent(Date.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(Date.self, forKey: .finishedAt)
    }

    /// The title, or the URL while the title is unknown.
    public var displayName: String { title.flatMap { $0.isEmpty ? nil : $0 } ?? url }
}

/// One stage of a job: its name, status (`pending`, `queued`, `running`, `paused`, `done`, `failed`,
/// `canceled`) and percent.
public struct RemoteStage: Sendable, Codable, Hashable {
    /// The stage.
    public var name: Stage
    /// Where it is.
    public var status: String
    /// Percent done, when known.
    public var percent: Double?
}

/// A job's media metadata as the API sends it (every field optional, unknown fields ignored).
public typealias RemoteMedia = MediaDTO

/// `GET /api/jobs/:id`: the job, its media and its latest durable events (oldest first).
public struct RemoteJobDetail: Sendable, Codable, Hashable {
    /// The job.
    public var job: RemoteJob
    /// Media metadata, once known.
    public var media: RemoteMedia?
    /// Up to 200 latest durable events, oldest first.
    public var events: [JobEvent]

    /// Decodes the detail body; `events` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        job = try c.decode(RemoteJob.self, forKey: .job)
        media = try c.decodeIfPresent(RemoteMedia.self, forKey: .media)
        events = try c.decodeIfPresent([JobEvent].self, forKey: .events) ?? []
    }

    private enum CodingKeys: String, CodingKey { case job, media, events }
}

/// A page of `GET /api/jobs`.
public struct RemoteJobPage: Sendable, Codable, Hashable {
    /// Jobs on this page.
    public var jobs: [RemoteJob]
    /// All matching jobs.
    public var total: Int
    /// Page size used.
    public var limit: Int
    /// Rows skipped.
    public var offset: Int

    /// Creates a page (used when the CLI merges pages).
    public init(jobs: [RemoteJob], total: Int, limit: Int, offset: Int) {
        self.jobs = jobs
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}

/// `GET /api/jobs/:id/logs`: a page of a job's events (the server's own type).
public typealias RemoteEventPage = EventListResponse

/// Counters of one named queue (`GET /api/queue`).
public struct RemoteQueueStats: Sendable, Codable, Hashable {
    /// Claimable now.
    public var pending: Int?
    /// Waiting for a retry time.
    public var delayed: Int?
    /// Leased by a worker.
    public var active: Int?
    /// Completed since start.
    public var completed: Int?
    /// Dead-lettered.
    public var failed: Int?
    /// Whether the queue is paused.
    public var paused: Bool?
}

/// `GET /api/queue`: per-queue counters, jobs per state and free disk space.
public struct RemoteQueueOverview: Sendable, Codable, Hashable {
    /// Counters keyed by queue name (`q:download`, …).
    public var queues: [String: RemoteQueueStats]
    /// Jobs per state (`QUEUED`, …).
    public var counts: [String: Int]
    /// Free bytes under the media root.
    public var freeBytes: Int64?
}

/// The user in a login response.
public struct RemoteUser: Sendable, Codable, Hashable {
    /// Login name.
    public var username: String
    /// Role (`admin`, `user`, `viewer`).
    public var role: String
}

/// `POST /api/auth/login`: a session token.
public struct RemoteSession: Sendable, Codable, Hashable {
    /// The bearer token.
    public var token: String
    /// When the session ends.
    public var expiresAt: Date?
    /// Who logged in.
    public var user: RemoteUser?
}

/// A token in `GET /api/tokens` (never the secret).
public struct RemoteToken: Sendable, Codable, Hashable {
    /// Public id, used to revoke.
    public var id: String
    /// Label.
    public var name: String
    /// `session` or `api`.
    public var kind: String?
    /// Creation time.
    public var createdAt: Date?
    /// Expiry, if any.
    public var expiresAt: Date?
    /// Last use.
    public var lastUsedAt: Date?
}

/// `POST /api/tokens`: a new API token; the secret is shown only here.
public struct RemoteCreatedToken: Sendable, Codable, Hashable {
    /// Public id.
    public var id: String
    /// Label.
    public var name: String
    /// The secret bearer token (`spl_<id>_<secret>`).
    public var token: String
}
