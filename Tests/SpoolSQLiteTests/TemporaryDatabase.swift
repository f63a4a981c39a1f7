import Foundation
import Logging
import SpoolSQLite

/// Lends a migrated database in a fresh file under the temporary directory (so WAL and
/// multiple connections are real), and deletes it afterwards.
func withTemporaryDatabase<T>(_ body: (_ database: SQLiteDatabase, _ path: String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sqlite-\(UUID().uuidString)")
    let path = directory.appendingPathComponent("spool.sqlite").path
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try await openOffThePool(path: path)
    defer { try? database.close() }
    return try await body(database, path)
}

/// Opens a file database on a GCD thread: opening blocks, and tests open many in parallel on
/// Swift's small cooperative pool.
func openOffThePool(path: String) async throws -> SQLiteDatabase {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try SQLiteDatabase.open(path: path, logger: quietLogger) })
        }
    }
}

/// A logger that keeps test output to warnings and errors.
let quietLogger: Logger = {
    var logger = Logger(label: "spool.sqlite.tests")
    logger.logLevel = .warning
    return logger
}()
