import Foundation
import GRDB

/// A row of `queue_dead_letters`: an entry that ran out of retries.
struct DeadLetterRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "queue_dead_letters"

    enum CodingKeys: String, CodingKey {
        case id, queue
        case key = "job_id"
        case payload
        case priority, position, attempts
        case lastError = "last_error"
        case failedAt = "failed_at"
    }

    /// Column names.
    enum Columns {
        static let queue = Column(CodingKeys.queue)
    }

    var id: Int64?
    var queue: String
    /// The entry's task key (in the `job_id` column).
    var key: String
    var payload: Data?
    var priority: Int
    var position: Int64
    var attempts: Int
    var lastError: String?
    /// Unix seconds.
    var failedAt: Double
}
