import Foundation
import GRDB
import Logging
import SpoolCore

/// What a backup or a restore copied: the file and what it holds.
public struct SQLiteBackupSummary: Sendable, Equatable {
    /// The file written.
    public var path: String
    /// Its size in bytes.
    public var bytes: Int64
    /// Jobs in the copy.
    public var jobs: Int
    /// Users in the copy.
    public var users: Int
    /// Migrations applied to the copy, oldest first.
    public var migrations: [String]
}

extension SQLiteDatabase {
    /// Opens an existing database file without creating, migrating or repairing anything (for
    /// `spool doctor` and `spool backup`).
    ///
    /// - Throws: `SpoolError(.notFound)` when there is no file at `path`, `SpoolError(.storage)`
    ///   when it cannot be opened.
    public static func openExisting(path: String, configuration: Configuration = .init()) throws -> SQLiteDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SpoolError(.notFound, "there is no database at \(path)")
        }
        do {
            return SQLiteDatabase(writer: try DatabasePool(path: path, configuration: makeGRDBConfiguration(configuration, label: "spool")), path: path)
        } catch {
            throw SQLiteErrors.map(error, "open the database at \(path)")
        }
    }

    /// Migrations this version of Spool would apply to the database, oldest first.
    public func pendingMigrations() async throws -> [String] {
        try await read("read the schema version") { db in
            let applied = try SQLiteSchema.migrator.appliedIdentifiers(db)
            return SQLiteSchema.migrator.migrations.filter { !applied.contains($0) }
        }
    }

    /// Copies the database to a new file at `destination` with SQLite's online backup, while
    /// other connections and processes go on reading and writing.
    ///
    /// The copy is one consistent snapshot (taken in one read transaction), written to a
    /// temporary file beside `destination`, checked with `PRAGMA integrity_check`, switched to
    /// a rollback journal so that it is a single self-contained file, and then renamed into
    /// place: `destination` is either the whole copy or absent.
    ///
    /// - Throws: `SpoolError(.conflict)` when `destination` exists and `replace` is false,
    ///   `SpoolError(.storage)` when the copy fails or does not pass the check.
    public func backup(to destination: String, replace: Bool = false) throws -> SQLiteBackupSummary {
        let target = URL(fileURLWithPath: destination)
        if !replace, FileManager.default.fileExists(atPath: target.path) {
            throw SpoolError(.conflict, "\(target.path) exists; choose another file or replace it explicitly")
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        defer { Self.removeDatabaseFiles(partial.path) }
        do {
            Self.removeDatabaseFiles(partial.path)
            let copy = try DatabaseQueue(path: partial.path)
            try writer.backup(to: copy)
            let summary = try Self.checkCopy(copy, path: target.path)
            try copy.close()
            if replace { Self.removeDatabaseFiles(target.path) }
            try FileManager.default.moveItem(at: partial, to: target)
            return summary
        } catch let error as SpoolError {
            throw error
        } catch {
            throw SQLiteErrors.map(error, "back up the database to \(target.path)")
        }
    }

    /// Replaces the database at `path` with the contents of the backup at `backup`, after
    /// checking that the backup is an intact Spool database no newer than this version; the
    /// database it replaces is first copied to `path` + `.before-restore`. Run it while no
    /// server uses `path`: a running server keeps serving what it has in memory.
    ///
    /// - Returns: what was restored, and where the previous database was kept (nil when there
    ///   was none).
    /// - Throws: `SpoolError(.notFound)` for a missing backup, `SpoolError(.invalidInput)` for a
    ///   file that is not an intact Spool database or was written by a newer Spool,
    ///   `SpoolError(.storage)` when writing fails.
    public static func restore(from backup: String, to path: String) throws -> (restored: SQLiteBackupSummary, previous: String?) {
        guard FileManager.default.fileExists(atPath: backup) else {
            throw SpoolError(.notFound, "there is no backup at \(backup)")
        }
        do {
            var readOnly = GRDB.Configuration()
            readOnly.readonly = true
            let source = try DatabaseQueue(path: backup, configuration: readOnly)
            defer { try? source.close() }
            let summary: SQLiteBackupSummary
            do {
                summary = try checkCopy(source, path: backup, switchJournal: false)
                let superseded = try source.read { db in try SQLiteSchema.migrator.hasBeenSuperseded(db) }
                if superseded {
                    throw SpoolError(.invalidInput, "\(backup) was written by a newer version of Spool; upgrade Spool to restore it")
                }
            } catch let error as SpoolError {
                throw error
            } catch {
                let reason = (error as? DatabaseError)?.message ?? "\(error)"
                throw SpoolError(.invalidInput, "\(backup) is not an intact Spool database: \(reason)")
            }
            var previous: String?
            if FileManager.default.fileExists(atPath: path) {
                let current = try openExisting(path: path)
                let kept = path + ".before-restore"
                _ = try current.backup(to: kept, replace: true)
                try current.close()
                previous = kept
            } else {
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            let live = try DatabasePool(path: path)
            try source.backup(to: live)
            try live.close()
            return (SQLiteBackupSummary(path: path, bytes: fileSize(path), jobs: summary.jobs, users: summary.users, migrations: summary.migrations), previous)
        } catch let error as SpoolError {
            throw error
        } catch {
            throw SQLiteErrors.map(error, "restore \(path) from \(backup)")
        }
    }

    /// Checks a copy's integrity and counts what it holds; by default also leaves WAL mode, so
    /// that the copy is one file.
    private static func checkCopy(_ copy: DatabaseQueue, path: String, switchJournal: Bool = true) throws -> SQLiteBackupSummary {
        var summary = try copy.writeWithoutTransaction { db in
            let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard problems == ["ok"] else {
                throw SpoolError(.storage, "the copy does not pass the integrity check: \(problems.prefix(3).joined(separator: "; "))")
            }
            if switchJournal {
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            return SQLiteBackupSummary(
                path: path,
                bytes: 0,
                jobs: try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs") ?? 0,
                users: try Int.fetchOne(db, sql: "SELECT count(*) FROM users") ?? 0,
                migrations: try SQLiteSchema.migrator.appliedMigrations(db)
            )
        }
        summary.bytes = fileSize(copy.path)
        return summary
    }

    private static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Removes a database file and its WAL and shared-memory files, ignoring missing ones.
    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
