import GRDB

/// A row of `queue_state`: whether a queue is paused.
struct QueueStateRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "queue_state"
    var queue: String
    var paused: Bool
}
