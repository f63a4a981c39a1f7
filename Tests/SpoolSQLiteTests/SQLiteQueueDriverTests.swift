import Foundation
import GRDB
import SpoolCore
import SpoolQueue
@testable import SpoolSQLite
import SpoolTesting
import Synchronization
import Testing

@Suite("SQLiteQueueDriver")
struct SQLiteQueueDriverTests {
    let dub = QueueName(rawValue: "q:dub")
    let mux = QueueName(rawValue: "q:mux")

    @Test("drivers made for one database share wake-ups")
    func sharedWakeups() async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        let worker = SQLiteQueueDriver(database: database)
        let scheduler = SQLiteQueueDriver(database: database)
        let woke = Atomic(false)
        let waiter = Task {
            await worker.waitForWork(in: dub, timeout: .seconds(60))
            woke.store(true, ordering: .sequentiallyConsistent)
        }
        for _ in 0..<100 where !woke.load(ordering: .sequentiallyConsistent) {
            try await scheduler.enqueue(EnqueueRequest(queue: dub, key: TaskKey.randomJob()))
            try await Task.sleep(for: .milliseconds(100))
        }
        let wokeByEnqueue = woke.load(ordering: .sequentiallyConsistent)
        waiter.cancel()
        await waiter.value
        #expect(wokeByEnqueue)
    }

    @Test("failure messages and attempts are kept with the entry")
    func failureIsRecorded() async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        let driver = SQLiteQueueDriver(database: database)
        let id = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: mux, key: id, forced: true))
        let lease = try #require(try await driver.claim(from: mux, workerID: "w", leaseDuration: .seconds(60), forcedOnly: true))
        let disposition = try await driver.fail(lease, error: "ffmpeg exited with 1", policy: RetryPolicy(maxRetries: 1, baseDelay: .seconds(30)))
        guard case .retry(let at, 1) = disposition else {
            Issue.record("expected a first retry, got \(disposition)")
            return
        }
        let entry = try #require(try await driver.entries(in: mux).first)
        #expect(entry.attempts == 1 && entry.notBefore == at && !entry.forced)
        #expect(try await driver.claim(from: mux, workerID: "w", leaseDuration: .seconds(60), forcedOnly: true) == nil, "a retry is no longer forced")
        #expect(try await driver.stats(for: mux) == QueueStats(delayed: 1))
    }

    @Test("a row queued before tasks had payloads is claimed under its job's id, without a payload")
    func rowFromBeforePayloads() async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        let id = JobID.random()
        try await database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO queue_entries (queue, job_id, priority, position, enqueued_at) VALUES ('q:download', ?, 1, 1, 0)",
                arguments: [id.rawValue]
            )
        }
        let driver = SQLiteQueueDriver(database: database)
        let lease = try #require(try await driver.claim(from: QueueName(rawValue: "q:download"), workerID: "w", leaseDuration: .seconds(60), forcedOnly: false))
        #expect(lease.key == TaskKey(rawValue: id.rawValue))
        #expect(lease.payload == nil)
    }
}
