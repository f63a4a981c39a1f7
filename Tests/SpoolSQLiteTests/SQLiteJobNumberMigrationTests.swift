import Foundation
import GRDB
import SpoolCore
@testable import SpoolSQLite
import Testing

@Suite("SQLite migration v6-job-numbers")
struct SQLiteJobNumberMigrationTests {
    @Test("jobs stored before v6 get numbers in creation order, and new jobs continue after them")
    func numbersExistingJobs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("spool.sqlite").path

        // A database as Spool left it before v6, with three jobs inserted out of creation order.
        let created: [Double] = [1_700_000_300, 1_700_000_100, 1_700_000_200]
        let jobs = created.enumerated().map { index, time in
            var job = Job(options: JobOptions(url: "https://example.com/old/\(index)"), now: Date(timeIntervalSince1970: time))
            job.queuePosition = Int64(index + 1)
            return job
        }
        let ids = jobs.map(\.id)
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v5-processing")
            try await queue.write { db in
                for job in jobs {
                    // `owner_id` came with v9-job-owners.
                    let values = try JobColumns.values(of: job).filter { $0.column != "owner_id" } + [("id", .text(job.id.rawValue))]
                    let columns = values.map(\.column).joined(separator: ", ")
                    let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
                    try db.execute(sql: "INSERT INTO jobs (\(columns)) VALUES (\(marks))", arguments: try StatementArguments(values))
                }
            }
        }

        let database = try await openOffThePool(path: path)
        defer { try? database.close() }
        #expect(try await database.appliedMigrations().contains("v6-job-numbers"))
        let store = SQLiteJobStore(database: database)
        #expect(try await store.job(ids[1])?.number == 1, "the oldest job is number 1")
        #expect(try await store.job(ids[2])?.number == 2)
        #expect(try await store.job(ids[0])?.number == 3)
        #expect(try await store.job(ids[0])?.ownerID == nil, "v9-job-owners leaves older jobs to no one")
        let (next, _) = try await store.insert(Job(options: JobOptions(url: "https://example.com/new")), events: [])
        #expect(next.number == 4)
    }
}
