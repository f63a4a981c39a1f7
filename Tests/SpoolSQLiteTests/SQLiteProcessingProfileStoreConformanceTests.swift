import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteProcessingProfileStore conformance")
struct SQLiteProcessingProfileStoreConformanceTests {
    @Test("file database", arguments: ProcessingProfileStoreConformance.checks)
    func fileDatabase(_ check: ConformanceCheck<ProcessingProfileStoreConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { SQLiteProcessingProfileStore(database: database) }
        }
    }

    @Test("in-memory database", arguments: ProcessingProfileStoreConformance.checks)
    func inMemoryDatabase(_ check: ConformanceCheck<ProcessingProfileStoreConformance.Factory>) async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        try await check.run { SQLiteProcessingProfileStore(database: database) }
    }
}
