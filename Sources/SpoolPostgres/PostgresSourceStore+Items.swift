import Foundation
import PostgresNIO
import SpoolCore

extension PostgresSourceStore {
    /// Saves `status` as the source's status (locking its row) and inserts the items the source
    /// has not listed yet (`ON CONFLICT DO NOTHING`: rows it has stay as they are), in one transaction.
    ///
    /// Each item is filed under `sourceID`, whatever its own `sourceID` says.
    /// - Returns: the items that were inserted, in the given order, as stored.
    /// - Throws: `SpoolError(.notFound)` for an unknown source (nothing is written).
    public func addItems(_ items: [SourceItem], status: SourceStatus, to sourceID: Int64) async throws -> [SourceItem] {
        try await database.transaction("save items of source \(sourceID)") { connection in
            let values = try SourceColumns.statusValues(status)
            let saved = try await connection.query(
                try SourceRow.update(table: SourceColumns.table, id: sourceID, values, returning: "id"), logger: logger
            ).collect()
            guard !saved.isEmpty else { throw SourceStoreErrors.sourceNotFound(sourceID) }
            let filed = items.map { item in
                var item = item
                item.sourceID = sourceID
                return item
            }
            var inserted: [String: SourceItem] = [:]
            for start in stride(from: 0, to: filed.count, by: SourceRow.insertBatch) {
                let batch = Array(filed[start..<min(start + SourceRow.insertBatch, filed.count)])
                for row in try await connection.query(try SourceRow.insertNew(batch), logger: logger).collect() {
                    let item = try SourceRow.item(row)
                    inserted[item.entry.mediaID] = item
                }
            }
            return filed.compactMap { inserted.removeValue(forKey: $0.entry.mediaID) }
        }
    }

    /// Locks one item's row, changes it with `body` and writes it back, in one transaction; the
    /// source and media id cannot change, and the job state is read from `jobs`, never written.
    ///
    /// - Throws: `SpoolError(.notFound)` when the source has no such item; whatever `body`
    ///   throws, unchanged, after rolling back.
    public func modifyItem(sourceID: Int64, mediaID: String, _ body: @Sendable (inout SourceItem) throws -> Void) async throws -> SourceItem {
        try await database.transaction("update item '\(mediaID)' of source \(sourceID)") { connection in
            let rows = try await connection.query(
                "\(unescaped: SourceRow.selectItems) WHERE i.source_id = \(sourceID) AND i.media_id = \(mediaID) FOR NO KEY UPDATE OF i",
                logger: logger
            ).collect()
            guard let row = rows.first else { throw SourceStoreErrors.itemNotFound(sourceID: sourceID, mediaID: mediaID) }
            var item = try SourceRow.item(row)
            do {
                try body(&item)
            } catch {
                throw CallerError(underlying: error)
            }
            item.sourceID = sourceID
            item.entry.mediaID = mediaID
            _ = try await connection.query(try SourceRow.update(item), logger: logger).collect()
            let changed = try await connection.query(
                "\(unescaped: SourceRow.selectItems) WHERE i.source_id = \(sourceID) AND i.media_id = \(mediaID)", logger: logger
            ).collect()
            guard let row = changed.first else { throw SourceStoreErrors.itemNotFound(sourceID: sourceID, mediaID: mediaID) }
            return try SourceRow.item(row)
        }
    }

    /// Marks the source's `listed` items but `keep` as `seen` in one `UPDATE … RETURNING`.
    public func markListedSeen(sourceID: Int64, keeping keep: Set<String>, reason: String) async throws -> Int {
        let kept = keep.sorted()
        let seen = SourceItemStatus.seen.rawValue
        let listed = SourceItemStatus.listed.rawValue
        return try await database.transaction("decide the backlog of source \(sourceID)") { connection in
            try await connection.query("""
                UPDATE source_items SET status = \(seen), reason = \(reason)
                WHERE source_id = \(sourceID) AND status = \(listed) AND NOT (media_id = ANY(\(kept)))
                RETURNING media_id
                """, logger: logger).collect().count
        }
    }

    /// A page of the source's items, smallest listing position (newest) first, then by media id,
    /// each with its job's state.
    ///
    /// Status and phase filters run in the database (the phase is a `CASE` on the item's status
    /// and its job's state), so a page of a large source reads about a page of rows.
    public func items(sourceID: Int64, query: SourceItemQuery) async throws -> [SourceItem] {
        if query.limit <= 0 || query.statuses?.isEmpty == true || query.phases?.isEmpty == true { return [] }
        var bindings = PostgresBindings()
        bindings.append(sourceID)
        var sql = SourceRow.selectItems + " WHERE i.source_id = $1"
        if let statuses = query.statuses {
            bindings.append(statuses.map(\.rawValue).sorted())
            sql += " AND i.status = ANY($\(bindings.count))"
        }
        if let phases = query.phases {
            bindings.append(phases.map(\.rawValue).sorted())
            sql += " AND \(SourceRow.phase) = ANY($\(bindings.count))"
        }
        bindings.append(query.limit)
        bindings.append(max(query.offset, 0))
        sql += " ORDER BY i.position, i.media_id LIMIT $\(bindings.count - 1) OFFSET $\(bindings.count)"
        let statement = PostgresQuery(unsafeSQL: sql, binds: bindings)
        return try await database.read("read items of source \(sourceID)") { connection in
            try await connection.query(statement, logger: logger).collect().map(SourceRow.item)
        }
    }

    /// The media ids of the source's items.
    public func mediaIDs(sourceID: Int64) async throws -> Set<String> {
        try await database.read("read media ids of source \(sourceID)") { connection in
            Set(try await connection.query("SELECT media_id FROM source_items WHERE source_id = \(sourceID)", logger: logger)
                .collect().map { try $0.decode(String.self) })
        }
    }

    /// An item of another source that took the same video (same extractor and media id, status
    /// `queued` or `deleted`), the one of the oldest such source; nil when there is none.
    public func archivedElsewhere(extractor: String, mediaID: String, excluding sourceID: Int64) async throws -> SourceItem? {
        let taken = [SourceItemStatus.queued.rawValue, SourceItemStatus.deleted.rawValue]
        return try await database.read("look up '\(mediaID)' in other sources") { connection in
            try await connection.query("""
                \(unescaped: SourceRow.selectItems)
                WHERE i.extractor = \(extractor) AND i.media_id = \(mediaID) AND i.source_id <> \(sourceID) AND i.status = ANY(\(taken))
                ORDER BY i.source_id LIMIT 1
                """, logger: logger).collect().first.map(SourceRow.item)
        }
    }

    /// How many of the source's items are in each phase (phases without items are absent).
    public func itemCounts(sourceID: Int64) async throws -> [SourceItemPhase: Int] {
        try await database.read("count items of source \(sourceID)") { connection in
            let rows = try await connection.query("""
                SELECT \(unescaped: SourceRow.phase) AS phase, COUNT(*)::bigint FROM source_items i LEFT JOIN jobs j ON j.id = i.job_id
                WHERE i.source_id = \(sourceID) GROUP BY 1
                """, logger: logger).collect()
            var counts: [SourceItemPhase: Int] = [:]
            for row in rows {
                let (name, count) = try row.decode((String?, Int).self)
                guard let name, let phase = SourceItemPhase(rawValue: name) else {
                    throw CorruptRow(table: SourceItemColumns.table, reason: "an item of source \(sourceID) has an unknown status")
                }
                counts[phase] = count
            }
            return counts
        }
    }
}
