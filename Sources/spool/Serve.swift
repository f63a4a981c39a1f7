import ArgumentParser
import Logging
import SpoolApp

/// `spool serve`: the API, the workers and the scheduler in one process (embedded SQLite).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server: API, live events and every stage's workers in one process.",
        discussion: """
            On the embedded SQLite database by default; with REDIS_URL and DATABASE_URL on Redis and \
            PostgreSQL (then gateways and workers may run beside it). Configuration comes from the \
            environment (see .env.example); flags override it.
            """
    )

    @OptionGroup var options: ServerOptions

    @Option(help: "Address to bind (env HOST, default 0.0.0.0).")
    var host: String?

    @Option(help: "Port (env PORT, default 3000; 0 picks a free one).")
    var port: Int?

    func run() async throws {
        var configuration = try options.configuration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        LoggingSetup.bootstrap(level: configuration.logLevel, format: configuration.logFormat)
        var logger = Logger(label: "spool")
        logger.logLevel = configuration.logLevel
        if configuration.isDistributed {
            // REDIS_URL and DATABASE_URL: everything in one process, on the shared backends.
            try await DistributedServer(configuration: configuration, role: .all, logger: logger).run()
        } else {
            try await EmbeddedServer(configuration: configuration, logger: logger).run()
        }
    }
}
