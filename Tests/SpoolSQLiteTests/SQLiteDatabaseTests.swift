import Foundation
import GRDB
import SpoolCore
@testable import SpoolSQLite
import Testing

@Suite("SQLiteDatabase")
struct SQLiteDatabaseTests {
    @Test("a file database uses WAL, foreign keys and synchronous=NORMAL")
    func pragmas() async throws {
        try await withTemporaryDatabase { database, _ in
            let (journal, foreignKeys, synchronous) = try await database.writer.read { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                    try Int.fetchOne(db, sql: "PRAGMA synchronous")
                )
            }
            #expect(journal == "wal")
            #expect(foreignKeys == 1)
            #expect(synchronous == 1, "NORMAL")
        }
    }

    @Test("opening creates the parent folders and applies every migration once")
    func migrations() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/deeper/spool.sqlite").path

        let first = try await openOffThePool(path: path)
        #expect(try await first.appliedMigrations() == ["v1-jobs", "v1-auth", "v1-queue", "v2-artifacts", "v3-queue-payload", "v4-sources", "v5-processing", "v6-job-numbers", "v7-batches", "v8-notifications", "v9-job-owners", "v10-audit-log"])
        let (job, _) = try await SQLiteJobStore(database: first).insert(Job(options: JobOptions(url: "https://example.com/a")), events: [])
        try first.close()

        let second = try await openOffThePool(path: path)
        defer { try? second.close() }
        #expect(try await second.appliedMigrations() == ["v1-jobs", "v1-auth", "v1-queue", "v2-artifacts", "v3-queue-payload", "v4-sources", "v5-processing", "v6-job-numbers", "v7-batches", "v8-notifications", "v9-job-owners", "v10-audit-log"])
        #expect(try await SQLiteJobStore(database: second).job(job.id)?.options.url == "https://example.com/a")
    }

    @Test("ping, quick_check and the SQLite version answer on a healthy database")
    func health() async throws {
        try await withTemporaryDatabase { database, _ in
            try await database.ping()
            #expect(try await database.quickCheck().isEmpty)
            #expect(try await database.sqliteVersion().hasPrefix("3."))
        }
        let memory = try SQLiteDatabase.inMemory(logger: quietLogger)
        try await memory.ping()
        #expect(memory.path == nil)
    }

    @Test("a file that is not a database is a storage error, not a crash")
    func notADatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("garbage.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: SpoolError.self) { try SQLiteDatabase.open(path: path, logger: quietLogger) }
        #expect(error?.code == .storage)
    }

    @Test("a database from a newer Spool is refused")
    func newerSchema() async throws {
        try await withTemporaryDatabase { database, path in
            try await database.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
            let error = #expect(throws: SpoolError.self) { try SQLiteDatabase.open(path: path, logger: quietLogger) }
            #expect(error?.code == .storage)
            #expect(error?.message.contains("newer version") == true)
        }
    }

    @Test("a closed database reports storage errors")
    func closed() async throws {
        try await withTemporaryDatabase { database, _ in
            try database.close()
            let error = await #expect(throws: SpoolError.self) { try await database.ping() }
            #expect(error?.code == .storage)
            let writeError = await #expect(throws: SpoolError.self) {
                try await SQLiteJobStore(database: database).append([.log(JobID.random(), .info, "late")])
            }
            #expect(writeError?.code == .storage)
        }
    }

    @Test("unreadable rows surface as storage errors naming the problem")
    func corruptRows() async throws {
        try await withTemporaryDatabase { database, _ in
            let store = SQLiteJobStore(database: database)
            let (job, _) = try await store.insert(Job(options: JobOptions(url: "https://example.com/a")), events: [])
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE jobs SET state = 'EXPLODED' WHERE id = ?", arguments: [job.id.rawValue])
            }
            let error = await #expect(throws: SpoolError.self) { try await store.job(job.id) }
            #expect(error?.code == .storage)
            #expect(error?.message.contains("EXPLODED") == true)

            try await database.writer.write { db in
                try db.execute(sql: "UPDATE jobs SET state = 'QUEUED', options = '{' WHERE id = ?", arguments: [job.id.rawValue])
            }
            let optionsError = await #expect(throws: SpoolError.self) { try await store.list(JobQuery()) }
            #expect(optionsError?.code == .storage)
        }
    }

    @Test("writes run to completion even when the calling task is cancelled")
    func writesSurviveCancellation() async throws {
        try await withTemporaryDatabase { database, _ in
            let store = SQLiteJobStore(database: database)
            let (job, _) = try await store.insert(Job(options: JobOptions(url: "https://example.com/a")), events: [])
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await store.modify(job.id) { job in
                    job.state = .paused
                    return [.stateChange(job.id, from: .downloading, to: .paused)]
                }
            }
            let (paused, events) = try await task.value
            #expect(paused.state == .paused)
            #expect(events.first?.id ?? 0 > 0)
            #expect(try await store.job(job.id)?.state == .paused)
        }
    }
}
