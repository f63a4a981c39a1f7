import Foundation
import GRDB
import SpoolCore

/// The embedded ``AuditStore``: the `audit_log` table of the SQLite database.
public struct SQLiteAuditStore: AuditStore {
    let database: SQLiteDatabase

    /// Creates a store over an open database.
    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Stores the entry and returns it with its id.
    public func append(_ entry: AuditEntry) async throws -> AuditEntry {
        let detail = try AuditDetailCoding.encode(entry.detail)
        return try await database.write("record an audit entry") { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_log (time, actor_id, actor_name, client_address, action, target_kind, target_id, outcome, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.time.timeIntervalSince1970, entry.actor.userID, entry.actor.name, entry.clientAddress, entry.action,
                    entry.target?.kind, entry.target?.id, entry.outcome.rawValue, detail,
                ]
            )
            var stored = entry
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    /// The entries matching the query, newest first.
    public func entries(_ query: AuditQuery) async throws -> AuditPage {
        let limit = max(1, query.limit)
        return try await database.read("read the audit log") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let actor = query.actor {
                conditions.append("actor_name = ?")
                arguments += [actor]
            }
            if let prefix = query.actionPrefix {
                conditions.append("substr(action, 1, ?) = ?")
                arguments += [prefix.count, prefix]
            }
            if let since = query.since {
                conditions.append("time >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if let until = query.until {
                conditions.append("time < ?")
                arguments += [until.timeIntervalSince1970]
            }
            if let before = query.before {
                conditions.append("id < ?")
                arguments += [before]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit + 1]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, time, actor_id, actor_name, client_address, action, target_kind, target_id, outcome, detail
                    FROM audit_log \(filter) ORDER BY id DESC LIMIT ?
                    """,
                arguments: arguments
            )
            let entries = try rows.prefix(limit).map(Self.entry)
            return AuditPage(entries: entries, nextCursor: rows.count > limit ? entries.last?.id : nil)
        }
    }

    /// Deletes the entries older than `cutoff`.
    public func prune(before cutoff: Date) async throws -> Int {
        try await database.write("prune the audit log") { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE time < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    private static func entry(_ row: Row) throws -> AuditEntry {
        let outcomeName: String = row["outcome"]
        guard let outcome = AuditOutcome(rawValue: outcomeName) else {
            throw CorruptRow(table: "audit_log", reason: "entry \(row["id"] as Int64) has unknown outcome '\(outcomeName)'")
        }
        let kind: String? = row["target_kind"]
        return AuditEntry(
            id: row["id"], time: Date(timeIntervalSince1970: row["time"]),
            actor: AuditActor(userID: row["actor_id"], name: row["actor_name"]), clientAddress: row["client_address"],
            action: row["action"], target: kind.map { AuditTarget(kind: $0, id: row["target_id"]) }, outcome: outcome,
            detail: try AuditDetailCoding.decode(row["detail"])
        )
    }
}
