import SpoolQueue
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteQueueDriver conformance")
struct SQLiteQueueDriverConformanceTests {
    @Test("file database", arguments: QueueDriverConformance.checks)
    func fileDatabase(_ check: ConformanceCheck<QueueDriverConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { SQLiteQueueDriver(database: database) }
        }
    }

    @Test("in-memory database", arguments: QueueDriverConformance.checks)
    func inMemoryDatabase(_ check: ConformanceCheck<QueueDriverConformance.Factory>) async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        try await check.run { SQLiteQueueDriver(database: database) }
    }
}
