import Foundation
import SpoolCore

/// The API view of a batch: its state and progress derived from its jobs, counts, the failed
/// items' errors, and one entry per URL in episode order.
public struct BatchDTO: Sendable, Codable, Hashable {
    /// One URL of the batch and how its job stands.
    public struct Item: Sendable, Codable, Hashable {
        /// Its place in the batch, from 1.
        public var episode: Int
        /// Its job.
        public var jobId: JobID
        /// The URL; nil once the job was deleted.
        public var url: String?
        /// The media's title, once known.
        public var title: String?
        /// The job's state; nil once the job was deleted.
        public var status: JobState?
        /// How far the job is over all its stages, 0–100.
        public var percent: Double
        /// Why the job failed.
        public var error: JobDTO.Failure?
        /// The finished file.
        public var outputPath: String?

        /// Copies an item of a batch status.
        public init(_ item: BatchStatus.Item) {
            episode = item.episode
            jobId = item.jobID
            url = item.job?.options.url
            title = item.job?.title
            status = item.job?.state
            percent = item.percent
            error = item.job?.failure.map(JobDTO.Failure.init)
            outputPath = item.job?.outputPath
        }
    }

    /// The identifier.
    public var id: BatchID
    /// The label; nil when none was given.
    public var name: String?
    /// The batch's state (`pending`, `downloading`, `processing`, `completed`, `failed`, `cancelled`).
    public var state: BatchStatus.State
    /// Overall progress, 0–100.
    public var percent: Double
    /// How many URLs it has.
    public var total: Int
    /// How many items finished.
    public var completed: Int
    /// How many items failed.
    public var failed: Int
    /// How many items were canceled.
    public var canceled: Int
    /// How many items' jobs were deleted.
    public var removed: Int
    /// One line per failed item.
    public var errors: [String]
    /// The URL told about each job; nil for none.
    public var notificationWebhook: String?
    /// When it was added.
    public var createdAt: Date
    /// When an item last changed.
    public var updatedAt: Date
    /// When the last item ended; nil until all have.
    public var finishedAt: Date?
    /// The items, in episode order.
    public var items: [Item]

    /// The API view of a batch status.
    public init(_ status: BatchStatus) {
        id = status.batch.id
        name = status.batch.name
        state = status.state
        percent = (status.percent * 10).rounded() / 10
        total = status.items.count
        completed = status.completed
        failed = status.failed
        canceled = status.counts[.canceled] ?? 0
        removed = status.removed
        errors = status.errors
        notificationWebhook = status.batch.notificationWebhook
        createdAt = status.batch.createdAt
        updatedAt = status.updatedAt
        finishedAt = status.finishedAt
        items = status.items.map(Item.init)
    }
}
