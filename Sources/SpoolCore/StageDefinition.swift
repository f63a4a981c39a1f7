/// How a stage takes part in a job's lifecycle, declared once: its name, the state a job shows
/// while it runs, the state it leaves the job resting in, and which jobs it applies to.
public struct StageDefinition: Sendable {
    /// The stage (its name also names its queue).
    public let stage: Stage
    /// The state a job is in while the stage runs (DOWNLOADING, DUBBING, …).
    public let runningState: JobState
    /// The state the job rests in after the stage when another stage follows (DOWNLOADED, DUBBED);
    /// nil keeps the state the job waited in before the stage. When the stage is the job's last,
    /// a non-nil done state is entered just before COMPLETE.
    public let doneState: JobState?
    /// A word for logs: "download", "dubbing", "muxing".
    public let noun: String
    /// Whether a job with these options runs the stage.
    public let isPlanned: @Sendable (JobOptions) -> Bool

    /// Declares a stage.
    public init(
        _ stage: Stage, runningState: JobState, doneState: JobState? = nil, noun: String,
        isPlanned: @escaping @Sendable (JobOptions) -> Bool
    ) {
        self.stage = stage
        self.runningState = runningState
        self.doneState = doneState
        self.noun = noun
        self.isPlanned = isPlanned
    }

    /// Every job starts by downloading.
    public static let download = StageDefinition(.download, runningState: .downloading, doneState: .downloaded, noun: "download") { _ in true }
    /// The voice-over track, for jobs that ask for dubbing.
    public static let dub = StageDefinition(.dub, runningState: .dubbing, doneState: .dubbed, noun: "dubbing") { $0.requestedDubbing }
    /// The voice-over mix, after dubbing.
    public static let mux = StageDefinition(.mux, runningState: .muxing, noun: "muxing") { $0.requestedDubbing }
    /// The transcode, after download and the voice-over, for jobs that name a processing profile.
    public static let process = StageDefinition(.process, runningState: .processing, noun: "processing") { $0.processing != nil }
    /// The upload to object storage, last, for jobs whose files go to a bucket.
    public static let upload = StageDefinition(.upload, runningState: .uploading, noun: "upload") { $0.storage != nil }
    /// Checks of followed sources: registered so workers run `q:sync` with the stages' machinery
    /// (concurrency, leases, drain, `--stage sync`), but planned for no job.
    public static let sync = StageDefinition(.sync, runningState: .queued, noun: "source check") { _ in false }
    /// Maintenance tasks (``MaintenanceTask``): registered so workers run `q:generic` with the
    /// stages' machinery, but planned for no job.
    public static let generic = StageDefinition(.generic, runningState: .queued, noun: "maintenance") { _ in false }
}
