import Logging
import SpoolCore

/// Starts `spool gateway` and `spool worker` with logging set up.
public enum RoleRunner {
    /// Runs `role` until SIGINT/SIGTERM.
    public static func run(_ configuration: SpoolConfiguration, role: DistributedServer.Role) async throws {
        LoggingSetup.bootstrap(level: configuration.logLevel, format: configuration.logFormat)
        var logger = Logger(label: "spool")
        logger.logLevel = configuration.logLevel
        try await DistributedServer(configuration: configuration, role: role, logger: logger).run()
    }
}
