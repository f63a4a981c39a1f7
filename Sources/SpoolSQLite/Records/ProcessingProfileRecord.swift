import GRDB
import SpoolCore

/// A row of `processing_profiles`, as ``ProcessingProfileColumns`` maps it; writing it stamps
/// `updated_at` with the current time.
struct ProcessingProfileRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = ProcessingProfileColumns.table

    static var databaseSelection: [any SQLSelectable] { ProcessingProfileColumns.selection.map { Column($0) } }

    /// Columns the store sorts on.
    enum Columns {
        static let name = Column("name")
    }

    /// The profile.
    var profile: ProcessingProfile

    /// A record for the profile.
    init(_ profile: ProcessingProfile) {
        self.profile = profile
    }

    init(row: Row) throws {
        profile = try ProcessingProfileColumns.profile(from: SQLiteColumnReader(row: row))
    }

    func encode(to container: inout PersistenceContainer) throws {
        try container.store(ProcessingProfileColumns.values(of: profile))
    }
}
