import Foundation
import Logging
import PostgresNIO
import SpoolCore

/// The shared ``AuditStore``: the `audit_log` table in PostgreSQL.
public struct PostgresAuditStore: AuditStore {
    let database: PostgresDatabase

    /// Creates a store over a database whose pool is running and whose schema is migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    private var logger: Logger { database.logger }
    private static let columns = "id, time, actor_id, actor_name, client_address, action, target_kind, target_id, outcome, detail"

    /// Stores the entry and returns it with its id.
    public func append(_ entry: AuditEntry) async throws -> AuditEntry {
        let detail = try AuditDetailCoding.encode(entry.detail)
        return try await database.transaction("record an audit entry") { connection in
            let rows = try await connection.query("""
                INSERT INTO audit_log (time, actor_id, actor_name, client_address, action, target_kind, target_id, outcome, detail)
                VALUES (\(entry.time.timeIntervalSince1970), \(entry.actor.userID), \(entry.actor.name), \(entry.clientAddress), \(entry.action),
                    \(entry.target?.kind), \(entry.target?.id), \(entry.outcome.rawValue), \(detail))
                RETURNING id
                """, logger: logger).collect()
            var stored = entry
            stored.id = try rows.first?.decode(Int64.self) ?? 0
            return stored
        }
    }

    /// The entries matching the query, newest first.
    public func entries(_ query: AuditQuery) async throws -> AuditPage {
        let limit = max(1, query.limit)
        var filter = "TRUE"
        var bindings = PostgresBindings()
        func condition(_ text: String, _ value: some PostgresNonThrowingEncodable) {
            bindings.append(value)
            filter += " AND " + text.replacingOccurrences(of: "?", with: "$\(bindings.count)")
        }
        if let actor = query.actor { condition("actor_name = ?", actor) }
        if let prefix = query.actionPrefix { condition("left(action, length(?)) = ?", prefix) }
        if let since = query.since { condition("time >= ?", since.timeIntervalSince1970) }
        if let until = query.until { condition("time < ?", until.timeIntervalSince1970) }
        if let before = query.before { condition("id < ?", before) }
        bindings.append(limit + 1)
        let statement = PostgresQuery(
            unsafeSQL: "SELECT \(Self.columns) FROM audit_log WHERE \(filter) ORDER BY id DESC LIMIT $\(bindings.count)", binds: bindings
        )
        return try await database.read("read the audit log") { connection in
            let rows = try await connection.query(statement, logger: logger).collect()
            let entries = try rows.prefix(limit).map(Self.entry)
            return AuditPage(entries: entries, nextCursor: rows.count > limit ? entries.last?.id : nil)
        }
    }

    /// Deletes the entries older than `cutoff`.
    public func prune(before cutoff: Date) async throws -> Int {
        try await database.transaction("prune the audit log") { connection in
            try await connection.query(
                "DELETE FROM audit_log WHERE time < \(cutoff.timeIntervalSince1970) RETURNING id", logger: logger
            ).collect().count
        }
    }

    private static func entry(_ row: PostgresRow) throws -> AuditEntry {
        let row = row.makeRandomAccess()
        let id = try row[0].decode(Int64.self)
        let outcomeName = try row[8].decode(String.self)
        guard let outcome = AuditOutcome(rawValue: outcomeName) else {
            throw CorruptRow(table: "audit_log", reason: "entry \(id) has unknown outcome '\(outcomeName)'")
        }
        let targetID = try row[7].decode(String?.self)
        return AuditEntry(
            id: id, time: Date(timeIntervalSince1970: try row[1].decode(Double.self)),
            actor: AuditActor(userID: try row[2].decode(Int64?.self), name: try row[3].decode(String.self)),
            clientAddress: try row[4].decode(String?.self), action: try row[5].decode(String.self),
            target: try row[6].decode(String?.self).map { AuditTarget(kind: $0, id: targetID) }, outcome: outcome,
            detail: try AuditDetailCoding.decode(try row[9].decode(String?.self))
        )
    }
}
