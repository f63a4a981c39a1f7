/// Where a job is in its lifecycle (seed 002).
public enum JobState: String, Sendable, Codable, CaseIterable, Hashable {
    case queued = "QUEUED"
    case downloading = "DOWNLOADING"
    case downloaded = "DOWNLOADED"
    case dubbing = "DUBBING"
    case dubbed = "DUBBED"
    case muxing = "MUXING"
    case processing = "PROCESSING"
    case uploading = "UPLOADING"
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
        case .downloading, .dubbing, .muxing, .processing, .uploading: true
        default: false
        }
    }
}
