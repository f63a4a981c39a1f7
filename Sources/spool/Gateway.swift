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
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        try await RoleRunner.run(configuration, role: .gateway)
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

    @Option(name: .customLong("stage"), help: ArgumentHelp("Stages to run, comma separated: download, dub, mux.", valueName: "stages"))
    var stages: String

    @Option(name: .customLong("health-port"), help: "Port of /health (env HEALTH_PORT; 0 picks a free one).")
    var healthPort: Int?

    func validate() throws {
        _ = try parsedStages()
    }

    func run() async throws {
        var configuration = try options.configuration()
        if let healthPort { configuration.healthPort = healthPort }
        try await RoleRunner.run(configuration, role: .worker(try parsedStages()))
    }

    private func parsedStages() throws -> Set<Stage> {
        let names = stages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--stage needs at least one of download, dub, mux") }
        return Set(try names.map { name in
            guard let stage = Stage(rawValue: name), stage != .process else {
                throw ValidationError("unknown stage '\(name)': use download, dub or mux")
            }
            return stage
        })
    }
}
