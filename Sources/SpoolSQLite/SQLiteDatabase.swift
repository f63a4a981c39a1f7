import Foundation
import GRDB
import Logging
import SpoolCore
import SpoolQueue
import Synchronization

/// The embedded database: one SQLite file (WAL, foreign keys on) holding jobs, media, events,
/// users and the durable queue, with its schema migrated on open.
///
/// ```swift
/// let database = try SQLiteDatabase.open(path: "/data/spool.sqlite")
/// let store = SQLiteJobStore(database: database)
/// let queue = SQLiteQueueDriver(database: database)
/// ```
public struct SQLiteDatabase: Sendable {
    /// Connection settings.
    public struct Configuration: Sendable {
        /// How long a connection waits for a lock held by another connection or process.
        public var busyTimeout: Duration
        /// Most concurrent read connections (file databases only).
        public var maximumReaderCount: Int

        /// Creates a configuration.
        public init(busyTimeout: Duration = .seconds(5), maximumReaderCount: Int = 4) {
            self.busyTimeout = busyTimeout
            self.maximumReaderCount = maximumReaderCount
        }
    }

    /// The GRDB connection (a pool for files, a queue in memory).
    let writer: any DatabaseWriter
    /// The file path, or nil for an in-memory database.
    public let path: String?
    /// Wakes idle queue workers of this database when entries become claimable (shared by every
    /// ``SQLiteQueueDriver`` made for it).
    let queueSignal = QueueSignal()

    init(writer: any DatabaseWriter, path: String?) {
        self.writer = writer
        self.path = path
    }

    /// Opens (creating if needed) the database file at `path`, with its parent folders, and
    /// migrates it to the current schema.
    ///
    /// This blocks while the file is opened and migrated: call it once at startup.
    /// - Throws: `SpoolError(.storage)` when the file cannot be opened or migrated.
    public static func open(path: String, configuration: Configuration = .init(), logger: Logger = Logger(label: "spool.sqlite")) throws -> SQLiteDatabase {
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let config = makeGRDBConfiguration(configuration, label: "spool")
            let database = SQLiteDatabase(writer: try DatabasePool(path: path, configuration: config), path: path)
            try database.migrate(logger: logger)
            logger.debug("opened database", metadata: ["db.path": "\(path)"])
            return database
        } catch {
            throw SQLiteErrors.map(error, "open the database at \(path)")
        }
    }

    /// An empty, migrated in-memory database (tests, throwaway runs).
    public static func inMemory(logger: Logger = Logger(label: "spool.sqlite")) throws -> SQLiteDatabase {
        do {
            let database = SQLiteDatabase(writer: try DatabaseQueue(configuration: makeGRDBConfiguration(.init(), label: "spool.memory")), path: nil)
            try database.migrate(logger: logger)
            return database
        } catch {
            throw SQLiteErrors.map(error, "open an in-memory database")
        }
    }

    static func makeGRDBConfiguration(_ configuration: Configuration, label: String) -> GRDB.Configuration {
        var config = GRDB.Configuration()
        config.label = label
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(configuration.busyTimeout.timeInterval)
        config.maximumReaderCount = max(configuration.maximumReaderCount, 1)
        config.prepareDatabase { db in
            // WAL (set by DatabasePool) makes NORMAL durable across application crashes; only a
            // power loss can lose the last transactions.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// Applies pending schema migrations; ``open(path:configuration:logger:)`` already did, so
    /// this is a no-op unless the schema changed since (safe to repeat, blocks while it runs).
    ///
    /// - Throws: `SpoolError(.storage)`, also when the database was written by a newer Spool.
    public func migrate(logger: Logger = Logger(label: "spool.sqlite")) throws {
        let migrator = SQLiteSchema.migrator
        do {
            let (applied, superseded) = try writer.read { db in
                (try migrator.appliedIdentifiers(db), try migrator.hasBeenSuperseded(db))
            }
            if superseded {
                throw SpoolError(.storage, "the database was written by a newer version of Spool; upgrade Spool to open it")
            }
            let pending = migrator.migrations.filter { !applied.contains($0) }
            try migrator.migrate(writer)
            if !pending.isEmpty {
                logger.info("migrated database", metadata: ["db.migrations": "\(pending.joined(separator: ","))"])
            }
        } catch {
            throw SQLiteErrors.map(error, "migrate the database")
        }
    }

    /// Names of the migrations applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read("read the schema version") { db in
            try SQLiteSchema.migrator.appliedMigrations(db)
        }
    }

    /// Checks that the database answers a trivial query (for `/healthz`).
    public func ping() async throws {
        _ = try await read("reach the database") { db in
            try Int.fetchOne(db, sql: "SELECT 1")
        }
    }

    /// Runs `PRAGMA quick_check` (for `spool doctor`); returns the problems found, empty when healthy.
    public func quickCheck() async throws -> [String] {
        let lines = try await read("check the database") { db in
            try String.fetchAll(db, sql: "PRAGMA quick_check")
        }
        return lines == ["ok"] ? [] : lines
    }

    /// The version of the SQLite library in use (for `spool doctor`).
    public func sqliteVersion() async throws -> String {
        try await read("read the SQLite version") { db in
            try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "unknown"
        }
    }

    /// Closes every connection; later calls fail with `SpoolError(.storage)`.
    public func close() throws {
        do {
            try writer.close()
        } catch {
            throw SQLiteErrors.map(error, "close the database")
        }
    }
}

extension SQLiteDatabase {
    /// Runs `body` in a read transaction, mapping failures to ``SpoolError``.
    func read<T: Sendable>(_ action: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw SQLiteErrors.map(error, action)
        }
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE), mapping failures to ``SpoolError``.
    ///
    /// Once scheduled, the transaction runs to completion even if the calling task is cancelled
    /// (GRDB's own async `write` would interrupt it): a worker that is being stopped can still
    /// settle its lease and record its last state and events.
    func write<T: Sendable>(_ action: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        let result: Result<T, any Error> = await withoutActuallyEscaping(body) { body in
            let lender = ClosureLender(body)
            defer { lender.revoke() }
            return await withCheckedContinuation { continuation in
                writer.asyncWrite({ db in try lender.call(db) }, completion: { _, result in
                    continuation.resume(returning: result)
                })
            }
        }
        do {
            return try result.get()
        } catch {
            throw SQLiteErrors.map(error, action)
        }
    }
}

/// Lends a non-escaping closure to GRDB's escaping `asyncWrite` for the duration of one call.
///
/// The closure is called only inside the write, which completes before the caller resumes;
/// ``revoke()`` then drops the reference so `withoutActuallyEscaping` finds it unescaped even if
/// the dispatch block that ran it has not been released yet.
private final class ClosureLender<T>: Sendable {
    private let closure: Mutex<(@Sendable (Database) throws -> T)?>

    init(_ closure: @escaping @Sendable (Database) throws -> T) {
        self.closure = Mutex(closure)
    }

    func call(_ db: Database) throws -> T {
        guard let closure = closure.withLock({ $0 }) else { throw CancellationError() }
        return try closure(db)
    }

    func revoke() {
        closure.withLock { $0 = nil }
    }
}
