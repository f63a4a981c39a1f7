import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SpoolAPI
import SpoolCore
import SpoolMedia
import SpoolQueue
import SpoolSQLite
import SpoolWorker

/// `spool serve`: gateway, workers and scheduler in one process on the embedded SQLite backend.
public struct EmbeddedServer: Sendable {
    /// The configuration in force.
    public let configuration: SpoolConfiguration
    private let logger: Logger

    /// Creates the server.
    public init(configuration: SpoolConfiguration, logger: Logger = Logger(label: "spool")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the database, recovers interrupted work and serves until SIGINT/SIGTERM.
    /// - Parameter onListening: called with the bound address once the HTTP server listens.
    public func run(onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) async throws {
        let parts = try await EmbeddedComponents.open(configuration, logger: logger)
        if let password = try await parts.gateway.bootstrapAdmin() {
            Console.line("""
            Spool created the user 'admin' with the password:

                \(password)

            It is shown only this once. Set SPOOL_ADMIN_PASSWORD to choose it yourself.
            """)
        }
        try await parts.service.recover()
        let app = parts.gateway.application(host: configuration.host, port: configuration.port) { host, port in
            Console.line("Spool listening on http://\(host):\(port)")
            await onListening(host, port)
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: app),
                    .init(service: parts.workers),
                    .init(service: YtDlpLifecycle(ytdlp: parts.ytdlp)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await serviceGroup.run()
    }
}
