import ArgumentParser
import SpoolCore
import Logging
import SpoolApp

/// `spool gateway`: the API of a distributed deployment (Redis + PostgreSQL), no media work.
struct Gateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a gateway: API, live events and web UI on Redis and PostgreSQL (REDIS_URL, DATABASE_URL).",
        discussion: "Any number of gateways can serve the same jobs; workers do the media work (`spool worker`)."
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
        try await SpoolServer.run(configuration, role: .gateway)
    }
}

/// `spool worker --stage download,dub,mux`: consumes the named queues of a distributed deployment.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a worker for some stages on Redis and PostgreSQL (REDIS_URL, DATABASE_URL).",
        discussion: """
            It serves GET /health on HEALTH_PORT (seed: 8001 download, 8002 dub, 8003 mux) and hands its \
            running jobs back to the queue when stopped (SIGTERM), so another worker continues them.
            """
    )

    @OptionGroup var options: ServerOptions

    @Option(name: .customLong("stage"), help: ArgumentHelp("Stages to run, comma separated: \(SpoolStages.names.joined(separator: ", ")).", valueName: "stages"))
    var stages: String

    @Option(name: .customLong("health-port"), help: "Port of /health (env HEALTH_PORT; 0 picks a free one).")
    var healthPort: Int?

    func validate() throws {
        _ = try parsedStages()
    }

    func run() async throws {
        var configuration = try options.configuration()
        if let healthPort { configuration.distributed.healthPort = healthPort }
        try await SpoolServer.run(configuration, role: .worker(try parsedStages()))
    }

    private func parsedStages() throws -> Set<Stage> {
        do {
            return try SpoolStages.parse(stages)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
