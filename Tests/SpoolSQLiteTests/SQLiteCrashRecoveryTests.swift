import Foundation
import SpoolCore
import SpoolQueue
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLite crash recovery")
struct SQLiteCrashRecoveryTests {
    @Test("entries leased by a process that died are claimed again after a restart")
    func leasesSurviveACrash() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("spool.sqlite").path
        let queue = QueueName(rawValue: "q:download")
        let crashedJob = TaskKey.randomJob(), waitingJob = TaskKey.randomJob()

        var crashed: QueueLease?
        do {
            let database = try await openOffThePool(path: path)
            let driver = SQLiteQueueDriver(database: database)
            try await driver.enqueue(EnqueueRequest(queue: queue, key: crashedJob, priority: JobPriority.high.rank))
            try await driver.enqueue(EnqueueRequest(queue: queue, key: waitingJob))
            crashed = try await driver.claim(from: queue, workerID: "worker-before-crash", leaseDuration: .seconds(3600), forcedOnly: false)
            // The process dies here: the lease is never completed, failed or released.
        }
        #expect(crashed?.entry.key == crashedJob)

        let database = try await openOffThePool(path: path)
        defer { try? database.close() }
        let driver = SQLiteQueueDriver(database: database)
        #expect(try await driver.stats(for: queue) == QueueStats(pending: 1, active: 1))
        try await driver.releaseAllLeases()
        let recovered = try #require(try await driver.claim(from: queue, workerID: "worker-after-restart", leaseDuration: .seconds(60), forcedOnly: false))
        #expect(recovered.entry.key == crashedJob, "the interrupted entry keeps its place at the head")
        #expect(recovered.entry.attempts == 0)
        #expect(recovered.token != crashed?.token)
        if let crashed {
            let error = await #expect(throws: QueueError.self) { try await driver.renew(crashed, by: .seconds(1)) }
            #expect(error?.code == .leaseLost)
        }
        try await driver.complete(recovered)
        #expect(try await driver.claim(from: queue, workerID: "worker-after-restart", leaseDuration: .seconds(60), forcedOnly: false)?.entry.key == waitingJob)
    }

    @Test("jobs and event ids persist across a restart and ids are never reused")
    func storeSurvivesARestart() async throws {
        try await withTemporaryDatabase { _, path in
            let first = try await openOffThePool(path: path)
            let store = SQLiteJobStore(database: first)
            let draft = Job(options: JobOptions(url: "https://example.com/a"))
            let (job, events) = try await store.insert(draft, events: [.jobAdded(draft)])
            let removed = try #require(try await store.delete(job.id, event: .jobRemoved(job.id)))
            #expect(removed.id > (events.first?.id ?? 0))
            try first.close()

            let second = try await openOffThePool(path: path)
            defer { try? second.close() }
            let reopened = SQLiteJobStore(database: second)
            #expect(try await reopened.latestEventID() == removed.id)
            let next = try await reopened.append([.notification(nil, kind: "restart", title: "Restarted", message: "", severity: .info)])
            #expect((next.first?.id ?? 0) > removed.id)
        }
    }
}
