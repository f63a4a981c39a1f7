import Foundation
import Logging
import PostgresNIO
import SpoolCore

/// The shared ``SourceStore``: followed sources, their profiles and the videos they listed, in
/// PostgreSQL beside the jobs, used by every gateway and worker of a distributed deployment.
///
/// Every write is one transaction. Changes lock the row they change (`FOR NO KEY UPDATE`), so
/// processes changing the same source or item take turns; ``addItems(_:status:to:)`` locks its
/// source by updating the status first, so two checks of one source save their batches one after
/// the other and never return the same item. What a write returns equals what a later read returns.
public struct PostgresSourceStore: SourceStore {
    let database: PostgresDatabase

    /// Creates a store over a database whose pool is running and whose schema is migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    var logger: Logger { database.logger }

    /// Stores a new source (its id is assigned, whatever it was) and returns it as stored.
    ///
    /// - Throws: `SpoolError(.conflict)` naming the source that follows the URL already;
    ///   `SpoolError(.notFound)` when its profile does not exist.
    public func insertSource(_ source: Source) async throws -> Source {
        try await database.transaction("add source \(source.url)") { connection in
            try await checkURLIsFree(source.url, except: nil, connection)
            try await checkProfileExists(source.profileID, connection)
            let insert = try PostgresColumns.insert(into: SourceColumns.table, try SourceColumns.values(of: source), suffix: " RETURNING \(SourceRow.sourceSelection)")
            let rows = try await connection.query(insert, logger: logger).collect()
            guard let row = rows.first else { throw SpoolError(.storage, "could not add source \(source.url)") }
            return try SourceRow.source(row)
        }
    }

    /// The source with this id, or nil.
    public func source(_ id: Int64) async throws -> Source? {
        try await database.read("read source \(id)") { connection in
            try await connection.query("SELECT \(unescaped: SourceRow.sourceSelection) FROM sources WHERE id = \(id)", logger: logger)
                .collect().first.map(SourceRow.source)
        }
    }

    /// Every source, by id.
    public func sources() async throws -> [Source] {
        try await database.read("read sources") { connection in
            try await connection.query("SELECT \(unescaped: SourceRow.sourceSelection) FROM sources ORDER BY id", logger: logger)
                .collect().map(SourceRow.source)
        }
    }

    /// Locks the source's row, changes it with `body` and writes it back, in one transaction; the
    /// id cannot change.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id or profile; `SpoolError(.conflict)`
    ///   when the new URL is followed by another source; whatever `body` throws, unchanged, after
    ///   rolling back.
    public func modifySource(_ id: Int64, _ body: @Sendable (inout Source) throws -> Void) async throws -> Source {
        try await database.transaction("update source \(id)") { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: SourceRow.sourceSelection) FROM sources WHERE id = \(id) FOR NO KEY UPDATE", logger: logger
            ).collect()
            guard let row = rows.first else { throw SourceStoreErrors.sourceNotFound(id) }
            let stored = try SourceRow.source(row)
            var source = stored
            do {
                try body(&source)
            } catch {
                throw CallerError(underlying: error)
            }
            source.id = id
            guard source != stored else { return stored }
            if source.url != stored.url { try await checkURLIsFree(source.url, except: id, connection) }
            if source.profileID != stored.profileID { try await checkProfileExists(source.profileID, connection) }
            let updated = try await connection.query(try SourceRow.update(source), logger: logger).collect()
            guard let row = updated.first else { throw SourceStoreErrors.sourceNotFound(id) }
            return try SourceRow.source(row)
        }
    }

    /// Deletes the source and its items (foreign key cascade); jobs and files stay.
    ///
    /// - Throws: `SpoolError(.notFound)` for an unknown id.
    public func deleteSource(_ id: Int64) async throws {
        try await database.transaction("delete source \(id)") { connection in
            let deleted = try await connection.query("DELETE FROM sources WHERE id = \(id) RETURNING id", logger: logger).collect()
            guard !deleted.isEmpty else { throw SourceStoreErrors.sourceNotFound(id) }
        }
    }

    /// Throws `conflict` when a source other than `except` follows `url`.
    private func checkURLIsFree(_ url: String, except id: Int64?, _ connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT id, name FROM sources WHERE url = \(url)", logger: logger).collect()
        guard let row = rows.first else { return }
        let (other, name) = try row.decode((Int64, String).self)
        guard other != id else { return }
        throw SourceStoreErrors.urlFollowed(url, by: name, id: other)
    }

    /// Throws `not_found` when `profileID` names no profile.
    private func checkProfileExists(_ profileID: Int64?, _ connection: PostgresConnection) async throws {
        guard let profileID else { return }
        let rows = try await connection.query("SELECT id FROM profiles WHERE id = \(profileID)", logger: logger).collect()
        if rows.isEmpty { throw SourceStoreErrors.profileNotFound(profileID) }
    }
}
