import Foundation
import SpoolQueue

/// A typed task that is not a job: syncing one source (key `source:<id>`).
struct SourceSyncTask: QueueTask, Hashable {
    static let queue = QueueName.unique("sync")

    var sourceID: Int
    var fullRescan: Bool
    var since: Date?

    var key: TaskKey { TaskKey("source:\(sourceID)") }
}

/// A typed task that is not a job: one retention sweep (a fixed key, so a sweep is queued at most once).
struct RetentionSweepTask: QueueTask, Hashable {
    static let queue = QueueName.unique("sweep")

    var olderThanDays: Int

    var key: TaskKey { "sweep:retention" }
}

/// A typed task that is not a job: delivering one webhook (key `webhook:<id>`).
struct WebhookDeliveryTask: QueueTask, Hashable {
    static let queue = QueueName.unique("webhooks")

    var deliveryID: Int
    var url: String

    var key: TaskKey { TaskKey("webhook:\(deliveryID)") }
}
