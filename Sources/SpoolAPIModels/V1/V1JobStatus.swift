import Foundation
import SpoolCore

/// Seed 003's job status (`GET /api/v1/jobs/{id}/status`, also the answer of create and cancel),
/// in its snake_case names. The seed's "job" is a Spool batch: `job_id` is the batch's id, and each
/// URL is an item with its own Spool job.
public struct V1JobStatus: Sendable, Codable, Hashable {
    /// Counts and overall percent.
    public struct Progress: Sendable, Codable, Hashable {
        /// Overall progress, 0–100.
        public var percent: Double
        /// How many URLs.
        public var total: Int
        /// Items finished.
        public var completed: Int
        /// Items failed.
        public var failed: Int
        /// Items canceled or removed.
        public var cancelled: Int
        /// Items downloading or being processed.
        public var active: Int
        /// Items waiting.
        public var pending: Int
    }

    /// One URL.
    public struct Item: Sendable, Codable, Hashable {
        /// Its place in the batch, from 1.
        public var episodeNumber: Int
        /// The URL; nil once its job was deleted.
        public var url: String?
        /// The media's title, once known.
        public var title: String?
        /// The item's state in the seed's words.
        public var status: BatchStatus.State
        /// How far it is, 0–100.
        public var percent: Double
        /// The Spool job behind it (`/api/jobs/{id}`).
        public var spoolJobId: JobID
        /// Its finished file.
        public var outputFile: String?
        /// Why it failed.
        public var error: String?

        private enum CodingKeys: String, CodingKey {
            case episodeNumber = "episode_number", url, title, status, percent, spoolJobId = "spool_job_id"
            case outputFile = "output_file", error
        }
    }

    /// The batch's id.
    public var jobId: BatchID
    /// `pending`, `downloading`, `processing`, `completed`, `failed` or `cancelled`.
    public var status: BatchStatus.State
    /// Whether the batch completed with some items failed ("partial recovery").
    public var partial: Bool
    /// Counts and overall percent.
    public var progress: Progress
    /// The items, in episode order.
    public var items: [Item]
    /// One line per failed item.
    public var errors: [String]
    /// The finished files, in episode order.
    public var outputFiles: [String]
    /// When it was added.
    public var createdAt: Date
    /// When an item last changed.
    public var updatedAt: Date
    /// When the last item ended; nil until all have.
    public var completedAt: Date?

    /// The seed's view of a batch status.
    public init(_ status: BatchStatus) {
        jobId = status.batch.id
        self.status = status.state
        partial = status.state == .completed && status.completed < status.items.count
        let states = status.items.map { $0.job.map { BatchStatus.State(jobState: $0.state) } ?? .cancelled }
        progress = Progress(
            percent: (status.percent * 10).rounded() / 10, total: status.items.count, completed: status.completed, failed: status.failed,
            cancelled: states.filter { $0 == .cancelled }.count,
            active: states.filter { $0 == .downloading || $0 == .processing }.count,
            pending: states.filter { $0 == .pending }.count
        )
        items = zip(status.items, states).map { item, state in
            Item(
                episodeNumber: item.episode, url: item.job?.options.url, title: item.job?.title, status: state,
                percent: (item.percent * 10).rounded() / 10, spoolJobId: item.jobID, outputFile: item.job?.outputPath,
                error: item.job?.failure?.message
            )
        }
        errors = status.errors
        outputFiles = status.outputFiles
        createdAt = status.batch.createdAt
        updatedAt = status.updatedAt
        completedAt = status.finishedAt
    }

    private enum CodingKeys: String, CodingKey {
        case jobId = "job_id", status, partial, progress, items, errors, outputFiles = "output_files"
        case createdAt = "created_at", updatedAt = "updated_at", completedAt = "completed_at"
    }
}
