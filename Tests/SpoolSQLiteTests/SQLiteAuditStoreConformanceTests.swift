import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteAuditStore conformance")
struct SQLiteAuditStoreConformanceTests {
    @Test(arguments: AuditStoreConformance.checks)
    func conformance(_ check: ConformanceCheck<AuditStoreConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { SQLiteAuditStore(database: database) }
        }
    }
}
