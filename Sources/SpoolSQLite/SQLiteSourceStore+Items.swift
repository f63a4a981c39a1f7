import Foundation
import GRDB
import SpoolCore

extension SQLiteSourceStore {
    /// Inserts the items the source has not listed yet (`ON CONFLICT DO NOTHING`: rows it has stay
    /// as they are) and saves `status` as the source's status, in one transaction.
    ///
    /// Each item is filed under `sourceID`, whatever its own `sourceID` says.
    /// - Returns: the items that were inserted, in the given order, as stored.
    /// - Throws: `SpoolError(.notFound)` for an unknown source (nothing is written).
    public func addItems(_ items: [SourceItem], status: SourceStatus, to sourceID: Int64) async throws -> [SourceItem] {
        try await database.write("save items of source \(sourceID)") { db in
            let assignments = try SourceColumns.statusValues(status)
            var arguments = try StatementArguments(assignments)
            arguments += [sourceID]
            try db.execute(
                sql: "UPDATE sources SET \(assignments.map { "\($0.column) = ?" }.joined(separator: ", ")) WHERE id = ?",
                arguments: arguments
            )
            guard db.changesCount > 0 else { throw SourceStoreErrors.sourceNotFound(sourceID) }
            var inserted: [SourceItem] = []
            for var item in items {
                item.sourceID = sourceID
                if try SourceItemRecord.insertIfNew(item, db), let stored = try SourceItemRecord.fetch(sourceID: sourceID, mediaID: item.entry.mediaID, db) {
                    inserted.append(stored)
                }
            }
            return inserted
        }
    }

    /// Reads, changes and writes one item in one write transaction; the source and media id
    /// cannot change, and the job state is read from `jobs`, never written.
    ///
    /// - Throws: `SpoolError(.notFound)` when the source has no such item; whatever `body`
    ///   throws, unchanged, after rolling back.
    public func modifyItem(sourceID: Int64, mediaID: String, _ body: @Sendable (inout SourceItem) throws -> Void) async throws -> SourceItem {
        try await database.write("update item '\(mediaID)' of source \(sourceID)") { db in
            guard let stored = try SourceItemRecord.fetch(sourceID: sourceID, mediaID: mediaID, db) else {
                throw SourceStoreErrors.itemNotFound(sourceID: sourceID, mediaID: mediaID)
            }
            var item = stored
            do {
                try body(&item)
            } catch {
                throw CallerError(underlying: error)
            }
            item.sourceID = sourceID
            item.entry.mediaID = mediaID
            try SourceItemRecord.update(item, db)
            guard let changed = try SourceItemRecord.fetch(sourceID: sourceID, mediaID: mediaID, db) else {
                throw SourceStoreErrors.itemNotFound(sourceID: sourceID, mediaID: mediaID)
            }
            return changed
        }
    }

    /// Marks the source's `listed` items but `keep` as `seen` in one `UPDATE` (the kept ids go in as
    /// one JSON array, read with `json_each`).
    public func markListedSeen(sourceID: Int64, keeping keep: Set<String>, reason: String) async throws -> Int {
        let kept = String(decoding: try JSONEncoder().encode(keep.sorted()), as: UTF8.self)
        return try await database.write("decide the backlog of source \(sourceID)") { db in
            try db.execute(sql: """
                UPDATE source_items SET status = ?, reason = ?
                WHERE source_id = ? AND status = ? AND media_id NOT IN (SELECT value FROM json_each(?))
                """, arguments: [SourceItemStatus.seen.rawValue, reason, sourceID, SourceItemStatus.listed.rawValue, kept])
            return db.changesCount
        }
    }

    /// A page of the source's items, smallest listing position (newest) first, then by media id,
    /// each with its job's state.
    ///
    /// Status and phase filters run in the database (the phase is a `CASE` on the item's status
    /// and its job's state), so a page of a large source reads about a page of rows.
    public func items(sourceID: Int64, query: SourceItemQuery) async throws -> [SourceItem] {
        if query.limit <= 0 || query.statuses?.isEmpty == true || query.phases?.isEmpty == true { return [] }
        return try await database.read("read items of source \(sourceID)") { db in
            var sql = SourceItemRecord.select + " WHERE i.source_id = ?"
            var arguments: StatementArguments = [sourceID]
            if let statuses = query.statuses {
                sql += " AND i.status IN (\(Self.placeholders(statuses.count)))"
                arguments += StatementArguments(statuses.map(\.rawValue).sorted())
            }
            if let phases = query.phases {
                sql += " AND \(SourceItemRecord.phase) IN (\(Self.placeholders(phases.count)))"
                arguments += StatementArguments(phases.map(\.rawValue).sorted())
            }
            sql += " ORDER BY i.position, i.media_id LIMIT ? OFFSET ?"
            arguments += [query.limit, max(query.offset, 0)]
            return try SourceItemRecord.fetchAll(db, sql: sql, arguments: arguments).map(\.item)
        }
    }

    /// The media ids of the source's items.
    public func mediaIDs(sourceID: Int64) async throws -> Set<String> {
        try await database.read("read media ids of source \(sourceID)") { db in
            Set(try String.fetchAll(db, sql: "SELECT media_id FROM source_items WHERE source_id = ?", arguments: [sourceID]))
        }
    }

    /// An item of another source that took the same video (same extractor and media id, status
    /// `queued` or `deleted`), the one of the oldest such source; nil when there is none.
    public func archivedElsewhere(extractor: String, mediaID: String, excluding sourceID: Int64) async throws -> SourceItem? {
        try await database.read("look up '\(mediaID)' in other sources") { db in
            try SourceItemRecord.fetchOne(db, sql: SourceItemRecord.select + """
                 WHERE i.extractor = ? AND i.media_id = ? AND i.source_id <> ? AND i.status IN (?, ?)
                ORDER BY i.source_id LIMIT 1
                """, arguments: [extractor, mediaID, sourceID, SourceItemStatus.queued.rawValue, SourceItemStatus.deleted.rawValue])?.item
        }
    }

    /// How many of the source's items are in each phase (phases without items are absent).
    public func itemCounts(sourceID: Int64) async throws -> [SourceItemPhase: Int] {
        try await database.read("count items of source \(sourceID)") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(SourceItemRecord.phase) AS phase, COUNT(*) FROM source_items i LEFT JOIN jobs j ON j.id = i.job_id
                WHERE i.source_id = ? GROUP BY phase
                """, arguments: [sourceID])
            var counts: [SourceItemPhase: Int] = [:]
            for row in rows {
                let name: String? = row[0]
                guard let name, let phase = SourceItemPhase(rawValue: name) else {
                    throw CorruptRow(table: SourceItemColumns.table, reason: "an item of source \(sourceID) has an unknown status")
                }
                counts[phase] = row[1]
            }
            return counts
        }
    }

    /// `?, ?, …` for `count` arguments.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
