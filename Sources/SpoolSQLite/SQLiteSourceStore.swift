import Foundation
import GRDB
import SpoolCore

/// The embedded ``SourceStore``: followed sources, their profiles and the videos they listed, in
/// the SQLite database beside the jobs.
///
/// Every write is one transaction. A source or item is read back after it is written, so what a
/// write returns equals what a later read returns (an item's job state included, read from `jobs`).
public struct SQLiteSourceStore: SourceStore {
    let database: SQLiteDatabase

    /// Creates a store over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Stores a new source (its id is assigned, whatever it was) and returns it as stored.
    ///
    /// - Throws: `SpoolError(.conflict)` naming the source that follows the URL already;
    ///   `SpoolError(.notFound)` when its profile does not exist.
    public func insertSource(_ source: Source) async throws -> Source {
        try await database.write("add source \(source.url)") { db in
            try Self.checkURLIsFree(source.url, except: nil, db)
            try Self.checkProfileExists(source.profileID, db)
            var source = source
            source.id = 0
            try SourceRecord(source).insert(db)
            return try Self.stored(db.lastInsertedRowID, db)
        }
    }

    /// The source with this id, or nil.
    public func source(_ id: Int64) async throws -> Source? {
        try await database.read("read source \(id)") { db in
            try SourceRecord.fetchOne(db, key: id)?.source
        }
    }

    /// Every source, by id.
    public func sources() async throws -> [Source] {
        try await database.read("read sources") { db in
            try SourceRecord.order(SourceRecord.Columns.id).fetchAll(db).map(\.source)
        }
    }

    /// Reads, changes and writes the source in one write transaction; the id cannot change.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id or profile; `SpoolError(.conflict)`
    ///   when the new URL is followed by another source; whatever `body` throws, unchanged, after
    ///   rolling back.
    public func modifySource(_ id: Int64, _ body: @Sendable (inout Source) throws -> Void) async throws -> Source {
        try await database.write("update source \(id)") { db in
            guard let stored = try SourceRecord.fetchOne(db, key: id)?.source else {
                throw SourceStoreErrors.sourceNotFound(id)
            }
            var source = stored
            do {
                try body(&source)
            } catch {
                throw CallerError(underlying: error)
            }
            source.id = id
            guard source != stored else { return stored }
            if source.url != stored.url { try Self.checkURLIsFree(source.url, except: id, db) }
            if source.profileID != stored.profileID { try Self.checkProfileExists(source.profileID, db) }
            try SourceRecord(source).update(db)
            return try Self.stored(id, db)
        }
    }

    /// Deletes the source and its items (foreign key cascade); jobs and files stay.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id.
    public func deleteSource(_ id: Int64) async throws {
        try await database.write("delete source \(id)") { db in
            guard try SourceRecord.deleteOne(db, key: id) else { throw SourceStoreErrors.sourceNotFound(id) }
        }
    }

    /// The source `id` as stored.
    static func stored(_ id: Int64, _ db: Database) throws -> Source {
        guard let source = try SourceRecord.fetchOne(db, key: id)?.source else { throw SourceStoreErrors.sourceNotFound(id) }
        return source
    }

    /// Throws `conflict` when a source other than `except` follows `url`.
    private static func checkURLIsFree(_ url: String, except id: Int64?, _ db: Database) throws {
        let row = try Row.fetchOne(db, sql: "SELECT id, name FROM sources WHERE url = ?", arguments: [url])
        guard let row, let other: Int64 = row["id"], other != id else { return }
        throw SourceStoreErrors.urlFollowed(url, by: row["name"] ?? "", id: other)
    }

    /// Throws `not_found` when `profileID` names no profile.
    private static func checkProfileExists(_ profileID: Int64?, _ db: Database) throws {
        guard let profileID, try !ProfileRecord.exists(db, key: profileID) else { return }
        throw SourceStoreErrors.profileNotFound(profileID)
    }
}
