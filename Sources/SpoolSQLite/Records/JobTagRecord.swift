import GRDB
import SpoolCore

/// A row of `job_tags`: one per tag of a job, for indexed tag filters.
struct JobTagRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "job_tags"

    enum CodingKeys: String, CodingKey {
        case tag
        case jobID = "job_id"
    }

    /// Column names.
    enum Columns {
        static let tag = Column(CodingKeys.tag)
        static let jobID = Column(CodingKeys.jobID)
    }

    var tag: String
    var jobID: String

    /// Replaces a job's tag rows with `tags`.
    static func replace(jobID: JobID, tags: [String], _ db: Database) throws {
        try JobTagRecord.filter(Columns.jobID == jobID.rawValue).deleteAll(db)
        for tag in Set(tags) {
            try JobTagRecord(tag: tag, jobID: jobID.rawValue).insert(db)
        }
    }
}
