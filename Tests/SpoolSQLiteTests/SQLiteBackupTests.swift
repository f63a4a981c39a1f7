import Foundation
import GRDB
import SpoolCore
@testable import SpoolSQLite
import Testing

@Suite("SQLiteDatabase backup and restore")
struct SQLiteBackupTests {
    @Test("a backup taken while jobs are being written passes integrity_check and holds every job written before it")
    func backupWhileWriting() async throws {
        try await withTemporaryDatabase { database, path in
            let store = SQLiteJobStore(database: database)
            var before: [JobID] = []
            for index in 0..<200 {
                before.append(try await store.insert(Job(options: JobOptions(url: "https://example.com/\(index)")), events: []).0.id)
            }
            let writer = Task {
                var written = 0
                while !Task.isCancelled {
                    _ = try await store.insert(Job(options: JobOptions(url: "https://example.com/during-\(written)")), events: [])
                    written += 1
                }
                return written
            }
            let target = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("copy.sqlite").path
            let summary = try await Task.detached { try database.backup(to: target) }.value
            writer.cancel()
            _ = try? await writer.value

            #expect(summary.jobs >= 200)
            #expect(summary.migrations == SQLiteSchema.migrator.migrations)
            let copy = try DatabaseQueue(path: target)
            defer { try? copy.close() }
            let (integrity, ids, journal) = try await copy.read { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try String.fetchSet(db, sql: "SELECT id FROM jobs"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
            }
            #expect(integrity == ["ok"])
            #expect(Set(before.map(\.description)).isSubset(of: ids))
            #expect(ids.count == summary.jobs)
            #expect(journal == "delete", "the copy is one file, without a WAL beside it")
            #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
        }
    }

    @Test("a backup refuses to overwrite an existing file unless asked, and leaves no partial file")
    func backupRefusesExisting() async throws {
        try await withTemporaryDatabase { database, path in
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            let target = folder.appendingPathComponent("copy.sqlite").path
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: target))
            #expect(throws: SpoolError.self) { try database.backup(to: target) }
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
            _ = try database.backup(to: target, replace: true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)).prefix(15) == Data("SQLite format 3".utf8))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test("restore brings back the backed-up jobs and keeps the replaced database beside it")
    func restore() async throws {
        try await withTemporaryDatabase { database, path in
            let store = SQLiteJobStore(database: database)
            let kept = try await store.insert(Job(options: JobOptions(url: "https://example.com/kept")), events: []).0
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            let backup = folder.appendingPathComponent("backup.sqlite").path
            _ = try database.backup(to: backup)
            let later = try await store.insert(Job(options: JobOptions(url: "https://example.com/later")), events: []).0
            try database.close()

            let (restored, previous) = try SQLiteDatabase.restore(from: backup, to: path)
            #expect(restored.jobs == 1)
            #expect(previous == path + ".before-restore")

            let reopened = try await openOffThePool(path: path)
            defer { try? reopened.close() }
            let reopenedStore = SQLiteJobStore(database: reopened)
            #expect(try await reopenedStore.job(kept.id) != nil)
            #expect(try await reopenedStore.job(later.id) == nil)
            let before = try await openOffThePool(path: path + ".before-restore")
            defer { try? before.close() }
            #expect(try await SQLiteJobStore(database: before).job(later.id) != nil)
        }
    }

    @Test("restore refuses a missing file, a file that is not a database and one from a newer Spool, and changes nothing")
    func restoreRefuses() async throws {
        try await withTemporaryDatabase { database, path in
            let store = SQLiteJobStore(database: database)
            let job = try await store.insert(Job(options: JobOptions(url: "https://example.com/a")), events: []).0
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try database.close()

            #expect(throws: SpoolError(.notFound, "there is no backup at \(folder.path)/missing.sqlite")) {
                try SQLiteDatabase.restore(from: folder.appendingPathComponent("missing.sqlite").path, to: path)
            }
            let garbage = folder.appendingPathComponent("garbage.sqlite").path
            try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
            #expect(throws: (any Error).self) { try SQLiteDatabase.restore(from: garbage, to: path) }

            let newer = folder.appendingPathComponent("newer.sqlite").path
            let newerDatabase = try await openOffThePool(path: newer)
            try await newerDatabase.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
            try newerDatabase.close()
            let error = #expect(throws: SpoolError.self) { try SQLiteDatabase.restore(from: newer, to: path) }
            #expect(error?.message.contains("newer version of Spool") == true)

            #expect(!FileManager.default.fileExists(atPath: path + ".before-restore"))
            let reopened = try await openOffThePool(path: path)
            defer { try? reopened.close() }
            #expect(try await SQLiteJobStore(database: reopened).job(job.id) != nil)
        }
    }

    @Test("opening an existing database neither creates a missing one nor migrates an old one")
    func openExisting() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("spool.sqlite").path
        #expect(throws: SpoolError.self) { try SQLiteDatabase.openExisting(path: path) }
        #expect(!FileManager.default.fileExists(atPath: folder.path))

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v1-queue")
        try old.close()
        let database = try SQLiteDatabase.openExisting(path: path)
        defer { try? database.close() }
        #expect(try await database.appliedMigrations() == ["v1-jobs", "v1-auth", "v1-queue"])
        #expect(try await database.pendingMigrations() == Array(SQLiteSchema.migrator.migrations.dropFirst(3)))
    }
}
