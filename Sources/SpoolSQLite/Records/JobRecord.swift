import GRDB
import SpoolCore

/// A row of `jobs`, as ``JobColumns`` maps it.
struct JobRecord: Sendable {
    /// The job.
    var job: Job

    /// Columns the store filters and sorts on.
    enum Columns {
        static let id = Column("id")
        static let state = Column("state")
        static let priority = Column("priority")
        static let titleKey = Column("title_key")
        static let searchText = Column("search_text")
        static let progressPercent = Column("progress_percent")
        static let queuePosition = Column("queue_position")
        static let createdAt = Column("created_at")
        static let updatedAt = Column("updated_at")
        static let number = Column(JobColumns.numberColumn)
    }
}

extension JobRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = JobColumns.table

    static var databaseSelection: [any SQLSelectable] { JobColumns.selection.map { Column($0) } }

    init(row: Row) throws {
        job = try JobColumns.job(from: SQLiteColumnReader(row: row))
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = job.id.rawValue
        container[JobColumns.numberColumn] = job.number
        try container.store(try JobColumns.values(of: job))
    }
}
