import ArgumentParser
import Logging
import SpoolApp

/// `spool serve`: the API, the workers and the scheduler in one process (embedded SQLite).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server: API, live events and download workers on the embedded database.",
        discussion: "Configuration comes from the environment (see .env.example); flags override it."
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
        try await EmbeddedServer(configuration: configuration, logger: logger).run()
    }
}
