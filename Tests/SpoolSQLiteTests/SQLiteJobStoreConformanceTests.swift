import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteJobStore conformance")
struct SQLiteJobStoreConformanceTests {
    @Test("file database", arguments: JobStoreConformance.checks)
    func fileDatabase(_ check: ConformanceCheck<JobStoreConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { SQLiteJobStore(database: database) }
        }
    }

    @Test("in-memory database", arguments: JobStoreConformance.checks)
    func inMemoryDatabase(_ check: ConformanceCheck<JobStoreConformance.Factory>) async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        try await check.run { SQLiteJobStore(database: database) }
    }
}
