import Foundation
import GRDB
import SpoolCore

extension SQLiteSourceStore {
    /// Stores a new profile (its id is assigned, whatever it was) and returns it as stored.
    ///
    /// - Throws: `SpoolError(.conflict)` when another profile has the name.
    public func insertProfile(_ profile: Profile) async throws -> Profile {
        try await database.write("add profile '\(profile.name)'") { db in
            try Self.checkNameIsFree(profile.name, except: nil, db)
            var profile = profile
            profile.id = 0
            try ProfileRecord(profile).insert(db)
            return try Self.storedProfile(db.lastInsertedRowID, db)
        }
    }

    /// The profile with this id, or nil.
    public func profile(_ id: Int64) async throws -> Profile? {
        try await database.read("read profile \(id)") { db in
            try ProfileRecord.fetchOne(db, key: id)?.profile
        }
    }

    /// Every profile, by id.
    public func profiles() async throws -> [Profile] {
        try await database.read("read profiles") { db in
            try ProfileRecord.order(ProfileRecord.Columns.id).fetchAll(db).map(\.profile)
        }
    }

    /// Replaces the profile with `profile.id`.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id; `SpoolError(.conflict)` when another
    ///   profile has the name.
    public func updateProfile(_ profile: Profile) async throws -> Profile {
        try await database.write("update profile \(profile.id)") { db in
            guard try ProfileRecord.exists(db, key: profile.id) else { throw SourceStoreErrors.profileNotFound(profile.id) }
            try Self.checkNameIsFree(profile.name, except: profile.id, db)
            try ProfileRecord(profile).update(db)
            return try Self.storedProfile(profile.id, db)
        }
    }

    /// Deletes the profile.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id; `SpoolError(.conflict)` naming the
    ///   sources that still use it (nothing is deleted).
    public func deleteProfile(_ id: Int64) async throws {
        try await database.write("delete profile \(id)") { db in
            let profile = try Self.storedProfile(id, db)
            let users = try Row.fetchAll(db, sql: "SELECT id, name FROM sources WHERE profile_id = ? ORDER BY id", arguments: [id])
            guard users.isEmpty else {
                throw SourceStoreErrors.profileInUse(id, name: profile.name, by: users.map { ($0["id"], $0["name"]) })
            }
            _ = try ProfileRecord.deleteOne(db, key: id)
        }
    }

    private static func storedProfile(_ id: Int64, _ db: Database) throws -> Profile {
        guard let profile = try ProfileRecord.fetchOne(db, key: id)?.profile else { throw SourceStoreErrors.profileNotFound(id) }
        return profile
    }

    /// Throws `conflict` when a profile other than `except` is named `name`.
    private static func checkNameIsFree(_ name: String, except id: Int64?, _ db: Database) throws {
        let other = try Int64.fetchOne(db, sql: "SELECT id FROM profiles WHERE name = ?", arguments: [name])
        guard let other, other != id else { return }
        throw SourceStoreErrors.profileNameTaken(name, id: other)
    }
}
