import GRDB
import SpoolCore

/// A row of `profiles`, as ``ProfileColumns`` maps it; a profile with id 0 is inserted with a new id.
struct ProfileRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = ProfileColumns.table

    static var databaseSelection: [any SQLSelectable] { ProfileColumns.selection.map { Column($0) } }

    /// Columns the store sorts on.
    enum Columns {
        static let id = Column("id")
    }

    /// The profile.
    var profile: Profile

    /// A record for the profile.
    init(_ profile: Profile) {
        self.profile = profile
    }

    init(row: Row) throws {
        profile = try ProfileColumns.profile(from: SQLiteColumnReader(row: row))
    }

    func encode(to container: inout PersistenceContainer) throws {
        if profile.id > 0 { container["id"] = profile.id }
        try container.store(ProfileColumns.values(of: profile))
    }
}
