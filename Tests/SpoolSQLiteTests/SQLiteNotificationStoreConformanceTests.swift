import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("SQLiteNotificationStore conformance")
struct SQLiteNotificationStoreConformanceTests {
    @Test("file database", arguments: NotificationStoreConformance.checks)
    func fileDatabase(_ check: ConformanceCheck<NotificationStoreConformance.Factory>) async throws {
        try await withTemporaryDatabase { database, _ in
            try await check.run { SQLiteNotificationStore(database: database) }
        }
    }

    @Test("in-memory database", arguments: NotificationStoreConformance.checks)
    func inMemoryDatabase(_ check: ConformanceCheck<NotificationStoreConformance.Factory>) async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        try await check.run { SQLiteNotificationStore(database: database) }
    }
}
