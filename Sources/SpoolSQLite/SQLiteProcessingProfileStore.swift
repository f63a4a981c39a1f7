import Foundation
import GRDB
import SpoolCore

/// The embedded ``ProcessingProfileStore``: processing profiles a user edited or added, by name,
/// in the SQLite database beside the jobs.
public struct SQLiteProcessingProfileStore: ProcessingProfileStore {
    let database: SQLiteDatabase

    /// Creates a store over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Every stored profile, by name.
    public func processingProfiles() async throws -> [ProcessingProfile] {
        try await database.read("read processing profiles") { db in
            try ProcessingProfileRecord.order(ProcessingProfileRecord.Columns.name).fetchAll(db).map(\.profile)
        }
    }

    /// The stored profile named `name`, if any.
    public func processingProfile(named name: String) async throws -> ProcessingProfile? {
        try await database.read("read processing profile '\(name.prefix(60))'") { db in
            try ProcessingProfileRecord.fetchOne(db, key: name)?.profile
        }
    }

    /// Stores `profile`, replacing one of the same name.
    public func saveProcessingProfile(_ profile: ProcessingProfile) async throws {
        try await database.write("save processing profile '\(profile.name.prefix(60))'") { db in
            try ProcessingProfileRecord(profile).upsert(db)
        }
    }

    /// Removes the stored profile named `name`; false when there was none.
    public func deleteProcessingProfile(named name: String) async throws -> Bool {
        try await database.write("delete processing profile '\(name.prefix(60))'") { db in
            try ProcessingProfileRecord.deleteOne(db, key: name)
        }
    }
}
