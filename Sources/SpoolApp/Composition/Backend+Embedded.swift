import Logging
import SpoolCore
import SpoolQueue
import SpoolSQLite
import SpoolWorker

extension Backend {
    /// SQLite through GRDB holds jobs, users, sources and the durable queue; events fan out in-process.
    /// One process owns the database, so leases left by a previous run are stale at start.
    static func embedded(_ configuration: SpoolConfiguration, logger: Logger) throws -> Backend {
        let database = try SQLiteDatabase.open(path: configuration.storage.databasePath, logger: logger)
        let store = SQLiteJobStore(database: database)
        let driver = SQLiteQueueDriver(database: database)
        return Backend(
            store: store, auth: SQLiteAuthStore(database: database), sources: SQLiteSourceStore(database: database),
            processingProfiles: SQLiteProcessingProfileStore(database: database), batches: SQLiteBatchStore(database: database),
            notifications: SQLiteNotificationStore(database: database), audit: SQLiteAuditStore(database: database), driver: driver, events: EventHub(),
            storeName: "sqlite", queueName: "embedded",
            resources: [],
            prepare: { _, _ in try await driver.releaseAllLeases() },
            close: {},
            ping: { try await store.ping() },
            control: { _, running in running },
            workerServices: { _, _ in [] },
            liveWorkers: nil,
            sharedSecret: { _ in randomSecret() }
        )
    }
}
