/// Where a job is in its lifecycle (seed 002).
public enum JobState: String, Sendable, Codable, CaseIterable, Hashable {
    case queued = "QUEUED"
    case downloading = "DOWNLOADING"
    case downloaded = "DOWNLOADED"
    case dubbing = "DUBBING"
    case dubbed = "DUBBED"
    case muxing = "MUXING"
    case processing = "PROCESSING"
    case complete = "COMPLETE"
    case failed = "FAILED"
    case canceled = "CANCELED"
    case paused = "PAUSED"

    /// No more work happens in this state without a user action.
    public var isTerminal: Bool {
        switch self {
        case .complete, .failed, .canceled: true
        default: false
        }
    }

    /// A worker is running a stage for the job.
    public var isRunning: Bool {
        switch self {
        case .downloading, .dubbing, .muxing, .processing: true
        default: false
        }
    }

    /// The stage a worker runs in this state, if any.
    public var runningStage: Stage? {
        switch self {
        case .downloading: .download
        case .dubbing: .dub
        case .muxing: .mux
        case .processing: .process
        default: nil
        }
    }

    /// The stage waiting to run in this state, if any (the job sits in that stage's queue).
    public var waitingStage: Stage? {
        switch self {
        case .queued: .download
        case .downloaded: .dub
        case .dubbed: .mux
        default: nil
        }
    }
}

/// A unit of media work; each has its own queue and concurrency.
public enum Stage: String, Sendable, Codable, CaseIterable, Hashable {
    case download
    case dub
    case mux
    case process

    /// The state a job is in while this stage runs.
    public var runningState: JobState {
        switch self {
        case .download: .downloading
        case .dub: .dubbing
        case .mux: .muxing
        case .process: .processing
        }
    }

    /// The state a job waits in before this stage runs.
    public var inputState: JobState {
        switch self {
        case .download: .queued
        case .dub: .downloaded
        case .mux: .dubbed
        case .process: .downloaded
        }
    }

    /// The state a job reaches when this stage finishes.
    public var doneState: JobState {
        switch self {
        case .download: .downloaded
        case .dub: .dubbed
        case .mux: .complete
        case .process: .complete
        }
    }

    /// The queue name from seed 000 (`q:download`, …).
    public var queueName: String { "q:\(rawValue)" }
}
