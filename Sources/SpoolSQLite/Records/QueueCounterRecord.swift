import GRDB

/// A row of `queue_counters`: entries completed per queue.
struct QueueCounterRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "queue_counters"
    var queue: String
    var completed: Int
}
