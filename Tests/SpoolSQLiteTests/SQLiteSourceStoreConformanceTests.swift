import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteSourceStore conformance")
struct SQLiteSourceStoreConformanceTests {
    @Test("file database", arguments: SourceStoreConformance.checks)
    func fileDatabase(_ check: ConformanceCheck<SourceStoreConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { .init(sources: SQLiteSourceStore(database: database), jobs: SQLiteJobStore(database: database)) }
        }
    }

    @Test("in-memory database", arguments: SourceStoreConformance.checks)
    func inMemoryDatabase(_ check: ConformanceCheck<SourceStoreConformance.Factory>) async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        try await check.run { .init(sources: SQLiteSourceStore(database: database), jobs: SQLiteJobStore(database: database)) }
    }
}
