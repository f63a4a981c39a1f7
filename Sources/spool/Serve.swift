import ArgumentParser
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
        if let host { configuration.server.host = host }
        if let port { configuration.server.port = port }
        // With REDIS_URL and DATABASE_URL everything runs in one process on the shared backends.
        try await SpoolServer.run(configuration, role: .all)
    }
}
