import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteBatchStore conformance")
struct SQLiteBatchStoreConformanceTests {
    @Test("file database", arguments: BatchStoreConformance.checks)
    func fileDatabase(_ check: ConformanceCheck<BatchStoreConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { SQLiteBatchStore(database: database) }
        }
    }

    @Test("in-memory database", arguments: BatchStoreConformance.checks)
    func inMemoryDatabase(_ check: ConformanceCheck<BatchStoreConformance.Factory>) async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        try await check.run { SQLiteBatchStore(database: database) }
    }
}
