import Foundation
import Logging
import NIOCore
import RESP
import SpoolTesting

/// A logger for the client under test (`SPOOL_TEST_LOG_LEVEL=debug` to see reconnects).
let testLogger: Logger = {
    var logger = Logger(label: "resp.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["SPOOL_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

extension RedisServerProcess {
    /// The server's URL as a configuration, with short time limits for tests.
    func configuration(
        database: Int = 0,
        protocolVersion: RedisConfiguration.ProtocolVersion = .resp3,
        username: String? = nil,
        password: String? = nil
    ) throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: url)
        configuration.database = database
        configuration.protocolVersion = protocolVersion
        if let username { configuration.username = username }
        if let password { configuration.password = password }
        configuration.commandTimeout = .seconds(10)
        configuration.connectRetryTimeout = .seconds(10)
        configuration.backoff = .init(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        return configuration
    }

    /// Opens a connection, runs `body`, closes it.
    @discardableResult
    func withConnection<Result>(
        database: Int = 0,
        protocolVersion: RedisConfiguration.ProtocolVersion = .resp3,
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await RedisConnection.connect(
            configuration: configuration(database: database, protocolVersion: protocolVersion), logger: testLogger
        )
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// Why a test gave up waiting.
struct TestTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, failing if it takes longer than `limit` (a guard against hangs, not a speed check).
func within<Result: Sendable>(_ limit: Duration = .seconds(20), _ what: String, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let result = try await group.next(), let value = result else { throw TestTimeout(what: what) }
        return value
    }
}

/// Polls `condition` until it holds (a guard against hangs, not a speed check).
func eventually(_ what: String, limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestTimeout(what: what)
}
