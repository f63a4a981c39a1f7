import Foundation

/// A group of jobs added together (seed 003's "job" of many URLs): one job per URL, in episode
/// order. The batch itself stores only what the jobs cannot tell: its name, its jobs' ids and
/// order, and what it was asked with; its state and progress are derived from the jobs
/// (``BatchStatus``).
public struct Batch: Sendable, Codable, Hashable {
    /// The identifier.
    public var id: BatchID
    /// A label for lists; nil shows the first URL.
    public var name: String?
    /// The jobs, in episode order (episode n is `jobIDs[n - 1]`).
    public var jobIDs: [JobID]
    /// When it was added.
    public var createdAt: Date
    /// The URL told about each job of the batch (seed 003's `notification_webhook`); nil for none.
    public var notificationWebhook: String?

    /// Creates a batch.
    public init(id: BatchID = .random(), name: String? = nil, jobIDs: [JobID], createdAt: Date = Date(), notificationWebhook: String? = nil) {
        self.id = id
        self.name = name
        self.jobIDs = jobIDs
        self.createdAt = createdAt
        self.notificationWebhook = notificationWebhook
    }
}
