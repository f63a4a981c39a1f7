import Logging
import SpoolPostgres
import SpoolTesting

/// Lends a migrated database, fresh for this call, on the process's shared test server, with
/// its pool running; drops it afterwards.
func withTestDatabase<T: Sendable>(poolSize: Int = 4, _ body: @Sendable (PostgresDatabase) async throws -> T) async throws -> T {
    let server = try await PostgresServerProcess.shared()
    return try await server.withDatabase { url in
        var configuration = try PostgresDatabase.Configuration(url: url)
        configuration.maximumConnections = poolSize
        return try await PostgresDatabase.withDatabase(configuration, logger: quietLogger, body)
    }
}

/// Lends `count` independent pools ("processes") on one fresh, unmigrated database, each pool
/// running; drops the database afterwards.
func withProcesses<T: Sendable>(_ count: Int, poolSize: Int = 4, _ body: @Sendable ([PostgresDatabase]) async throws -> T) async throws -> T {
    let server = try await PostgresServerProcess.shared()
    return try await server.withDatabase { url in
        var configuration = try PostgresDatabase.Configuration(url: url)
        configuration.maximumConnections = poolSize
        let databases = (0..<count).map { _ in PostgresDatabase(configuration: configuration, logger: quietLogger) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for database in databases {
                group.addTask { await database.run() }
            }
            defer { group.cancelAll() }
            return try await body(databases)
        }
    }
}

/// A logger that keeps test output to warnings and errors.
let quietLogger: Logger = {
    var logger = Logger(label: "spool.postgres.tests")
    logger.logLevel = .warning
    return logger
}()
