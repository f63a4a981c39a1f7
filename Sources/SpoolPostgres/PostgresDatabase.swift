import Logging
import PostgresNIO
import SpoolCore

/// A PostgreSQL database shared by every Spool process of a distributed deployment: a
/// connection pool plus the schema migrations.
///
/// The pool works only while ``run()`` runs (put it in the ServiceGroup, or use
/// ``withDatabase(_:logger:_:)``); then ``migrate()`` once before serving.
///
/// ```swift
/// let database = PostgresDatabase(configuration: try .init(url: databaseURL), logger: logger)
/// // in a ServiceGroup, or a task group:  await database.run()
/// try await database.migrate()
/// let jobs = PostgresJobStore(database: database)
/// let auth = PostgresAuthStore(database: database)
/// ```
public struct PostgresDatabase: Sendable {
    /// The connection pool (a swift-service-lifecycle `Service` itself).
    public let client: PostgresClient
    /// Where it connects.
    public let configuration: Configuration
    let logger: Logger

    /// Creates the pool; no connection is opened until ``run()`` runs and a query needs one.
    public init(configuration: Configuration, logger: Logger = Logger(label: "spool.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
    }

    /// Runs the pool until the task is cancelled (or, inside a ServiceGroup, until graceful
    /// shutdown); connections close when it returns. Call it once per database value.
    public func run() async {
        await client.run()
    }

    /// Runs the pool around `body`: migrates, calls `body`, then stops the pool.
    ///
    /// - Throws: `SpoolError(.storage)` when the database cannot be reached or migrated, or
    ///   whatever `body` throws.
    public static func withDatabase<Result: Sendable>(
        _ configuration: Configuration, logger: Logger = Logger(label: "spool.postgres"),
        _ body: (PostgresDatabase) async throws -> Result
    ) async throws -> Result {
        let database = PostgresDatabase(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            try await database.migrate()
            return try await body(database)
        }
    }

    /// Checks that the database answers a trivial query (for `/healthz`).
    public func ping() async throws {
        try await read("reach the database") { connection in
            try await connection.query("SELECT 1", logger: logger).collect()
        }
    }

    /// The server's version string (for `spool doctor`).
    public func serverVersion() async throws -> String {
        try await read("read the server version") { connection in
            let rows = try await connection.query("SELECT version()", logger: logger).collect()
            return try rows.first?.decode(String.self) ?? "unknown"
        }
    }
}

extension PostgresDatabase {
    /// Runs `body` on a pooled connection, mapping failures to ``SpoolError``.
    @discardableResult
    func read<T: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresErrors.map(error, action)
        }
    }

    /// Runs `body` in one transaction (READ COMMITTED): committed when it returns, rolled back
    /// when it throws; failures map to ``SpoolError``.
    @discardableResult
    func transaction<T: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw PostgresErrors.map(error, action)
        }
    }
}
