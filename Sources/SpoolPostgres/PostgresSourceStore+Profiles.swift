import Foundation
import PostgresNIO
import SpoolCore

extension PostgresSourceStore {
    /// Stores a new profile (its id is assigned, whatever it was) and returns it as stored.
    ///
    /// - Throws: `SpoolError(.conflict)` when another profile has the name.
    public func insertProfile(_ profile: Profile) async throws -> Profile {
        try await database.transaction("add profile '\(profile.name)'") { connection in
            try await checkNameIsFree(profile.name, except: nil, connection)
            let insert = try PostgresColumns.insert(into: ProfileColumns.table, try ProfileColumns.values(of: profile), suffix: " RETURNING \(SourceRow.profileSelection)")
            let rows = try await connection.query(insert, logger: logger).collect()
            guard let row = rows.first else { throw SpoolError(.storage, "could not add profile '\(profile.name)'") }
            return try SourceRow.profile(row)
        }
    }

    /// The profile with this id, or nil.
    public func profile(_ id: Int64) async throws -> Profile? {
        try await database.read("read profile \(id)") { connection in
            try await connection.query("SELECT \(unescaped: SourceRow.profileSelection) FROM profiles WHERE id = \(id)", logger: logger)
                .collect().first.map(SourceRow.profile)
        }
    }

    /// Every profile, by id.
    public func profiles() async throws -> [Profile] {
        try await database.read("read profiles") { connection in
            try await connection.query("SELECT \(unescaped: SourceRow.profileSelection) FROM profiles ORDER BY id", logger: logger)
                .collect().map(SourceRow.profile)
        }
    }

    /// Replaces the profile with `profile.id`.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id; `SpoolError(.conflict)` when another
    ///   profile has the name.
    public func updateProfile(_ profile: Profile) async throws -> Profile {
        try await database.transaction("update profile \(profile.id)") { connection in
            try await checkNameIsFree(profile.name, except: profile.id, connection)
            let rows = try await connection.query(try SourceRow.update(profile), logger: logger).collect()
            guard let row = rows.first else { throw SourceStoreErrors.profileNotFound(profile.id) }
            return try SourceRow.profile(row)
        }
    }

    /// Deletes the profile. Its row is locked first, so a source that starts using it meanwhile
    /// waits and then fails, or is seen here.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id; `SpoolError(.conflict)` naming the
    ///   sources that still use it (nothing is deleted).
    public func deleteProfile(_ id: Int64) async throws {
        try await database.transaction("delete profile \(id)") { connection in
            let rows = try await connection.query("SELECT name FROM profiles WHERE id = \(id) FOR UPDATE", logger: logger).collect()
            guard let row = rows.first else { throw SourceStoreErrors.profileNotFound(id) }
            let name = try row.decode(String.self)
            let users = try await connection.query("SELECT id, name FROM sources WHERE profile_id = \(id) ORDER BY id", logger: logger)
                .collect().map { try $0.decode((Int64, String).self) }
            guard users.isEmpty else { throw SourceStoreErrors.profileInUse(id, name: name, by: users.map { (id: $0.0, name: $0.1) }) }
            try await connection.query("DELETE FROM profiles WHERE id = \(id)", logger: logger).collect()
        }
    }

    /// Throws `conflict` when a profile other than `except` is named `name`.
    private func checkNameIsFree(_ name: String, except id: Int64?, _ connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT id FROM profiles WHERE name = \(name)", logger: logger).collect()
        guard let other = try rows.first?.decode(Int64.self), other != id else { return }
        throw SourceStoreErrors.profileNameTaken(name, id: other)
    }
}
