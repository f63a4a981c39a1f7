import Foundation
import Logging
import PostgresNIO
import SpoolCore

/// The shared ``ProcessingProfileStore``: processing profiles a user edited or added, by name, in
/// PostgreSQL beside the jobs. A save is one `INSERT … ON CONFLICT` statement, so processes
/// saving the same name at once leave one row, the last writer's.
public struct PostgresProcessingProfileStore: ProcessingProfileStore {
    let database: PostgresDatabase

    /// Creates a store over a database whose pool is running and whose schema is migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    var logger: Logger { database.logger }

    private static let selection = ProcessingProfileColumns.selection.joined(separator: ", ")

    /// Every stored profile, by name.
    public func processingProfiles() async throws -> [ProcessingProfile] {
        try await database.read("read processing profiles") { connection in
            try await connection.query("SELECT \(unescaped: Self.selection) FROM processing_profiles ORDER BY name", logger: logger)
                .collect().map(Self.profile)
        }
    }

    /// The stored profile named `name`, if any.
    public func processingProfile(named name: String) async throws -> ProcessingProfile? {
        try await database.read("read processing profile '\(name.prefix(60))'") { connection in
            try await connection.query("SELECT \(unescaped: Self.selection) FROM processing_profiles WHERE name = \(name)", logger: logger)
                .collect().first.map(Self.profile)
        }
    }

    /// Stores `profile`, replacing one of the same name.
    public func saveProcessingProfile(_ profile: ProcessingProfile) async throws {
        let upsert = try PostgresColumns.insert(
            into: ProcessingProfileColumns.table, try ProcessingProfileColumns.values(of: profile),
            suffix: " ON CONFLICT (name) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at"
        )
        try await database.transaction("save processing profile '\(profile.name.prefix(60))'") { connection in
            _ = try await connection.query(upsert, logger: logger).collect()
        }
    }

    /// Removes the stored profile named `name`; false when there was none.
    public func deleteProcessingProfile(named name: String) async throws -> Bool {
        try await database.transaction("delete processing profile '\(name.prefix(60))'") { connection in
            let deleted = try await connection.query("DELETE FROM processing_profiles WHERE name = \(name) RETURNING name", logger: logger).collect()
            return !deleted.isEmpty
        }
    }

    private static func profile(_ row: PostgresRow) throws -> ProcessingProfile {
        try ProcessingProfileColumns.profile(from: PostgresColumnReader(row))
    }
}
