import SpoolCore
import SpoolPostgres
import SpoolTesting
import Testing

@Suite("PostgreSQL stores conformance")
struct PostgresConformanceTests {
    @Test("PostgresJobStore", arguments: JobStoreConformance.checks)
    func jobStore(_ check: ConformanceCheck<JobStoreConformance.Factory>) async throws {
        try await withTestDatabase { database in
            try await check.run { PostgresJobStore(database: database) }
        }
    }

    @Test("PostgresAuthStore", arguments: AuthStoreConformance.checks)
    func authStore(_ check: ConformanceCheck<AuthStoreConformance.Factory>) async throws {
        try await withTestDatabase { database in
            try await check.run { PostgresAuthStore(database: database) }
        }
    }

    @Test("PostgresSourceStore", arguments: SourceStoreConformance.checks)
    func sourceStore(_ check: ConformanceCheck<SourceStoreConformance.Factory>) async throws {
        try await withTestDatabase { database in
            try await check.run { .init(sources: PostgresSourceStore(database: database), jobs: PostgresJobStore(database: database)) }
        }
    }

    @Test("PostgresProcessingProfileStore", arguments: ProcessingProfileStoreConformance.checks)
    func processingProfileStore(_ check: ConformanceCheck<ProcessingProfileStoreConformance.Factory>) async throws {
        try await withTestDatabase { database in
            try await check.run { PostgresProcessingProfileStore(database: database) }
        }
    }

    @Test("PostgresBatchStore", arguments: BatchStoreConformance.checks)
    func batchStore(_ check: ConformanceCheck<BatchStoreConformance.Factory>) async throws {
        try await withTestDatabase { database in
            try await check.run { PostgresBatchStore(database: database) }
        }
    }

    @Test("PostgresNotificationStore", arguments: NotificationStoreConformance.checks)
    func notificationStore(_ check: ConformanceCheck<NotificationStoreConformance.Factory>) async throws {
        try await withTestDatabase { database in
            try await check.run { PostgresNotificationStore(database: database) }
        }
    }

    @Test("PostgresAuditStore", arguments: AuditStoreConformance.checks)
    func auditStore(_ check: ConformanceCheck<AuditStoreConformance.Factory>) async throws {
        try await withTestDatabase { database in
            try await check.run { PostgresAuditStore(database: database) }
        }
    }
}
