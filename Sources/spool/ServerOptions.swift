import ArgumentParser
import Foundation
import Logging
import SpoolApp

/// Flags shared by the server-side commands; they override the environment.
struct ServerOptions: ParsableArguments {
    @Option(help: "SQLite database file (env DB_PATH).")
    var db: String?

    @Option(help: "Media root (env MEDIA_ROOT).")
    var mediaRoot: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error (env LOG_LEVEL).")
    var logLevel: String?

    /// The environment's configuration with these flags applied.
    func configuration() throws -> SpoolConfiguration {
        var environment = ProcessInfo.processInfo.environment
        if let db { environment["DB_PATH"] = db }
        if let mediaRoot { environment["MEDIA_ROOT"] = mediaRoot }
        if let logLevel { environment["LOG_LEVEL"] = logLevel }
        do {
            return try SpoolConfiguration.fromEnvironment(environment)
        } catch let error as ConfigurationError {
            throw ValidationError("invalid configuration: \(error.description)")
        }
    }
}
