import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteAuthStore conformance")
struct SQLiteAuthStoreConformanceTests {
    @Test(arguments: AuthStoreConformance.checks)
    func conformance(_ check: ConformanceCheck<AuthStoreConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { SQLiteAuthStore(database: database) }
        }
    }
}
