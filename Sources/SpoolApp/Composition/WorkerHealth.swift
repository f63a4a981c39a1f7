import Foundation
import Hummingbird
import Logging
import SpoolCore
import SpoolWorker

/// A worker's `GET /health` (seed 000: downloader :8001, dubber :8002, muxer :8003): 200 with the
/// worker's id, stages and running jobs while the shared database answers, else 503.
struct WorkerHealth: Sendable {
    let workerID: String
    let stages: [String]
    let running: RunningJobs
    let ping: @Sendable () async throws -> Void
    let startedAt: ContinuousClock.Instant

    /// The body of `/health`.
    struct Report: ResponseEncodable, Sendable {
        var status: String
        var workerId: String
        var stages: [String]
        var runningJobs: [String]
        var uptime: Double
        var message: String?
    }

    /// A small HTTP server answering `/health` only.
    func application(host: String, port: Int, logger: Logger, onListening: @escaping @Sendable (String, Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.get("health") { _, _ -> Response in
            let report = await self.report()
            let body = try JSONEncoder().encode(report)
            return Response(
                status: report.status == "ok" ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: body))
            )
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "spool-worker"),
            onServerRunning: { channel in await onListening(host, channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    func report() async -> Report {
        var status = "ok"
        var message: String?
        do {
            try await ping()
        } catch {
            status = "degraded"
            message = "database does not answer: \(error)"
        }
        return Report(
            status: status, workerId: workerID, stages: stages, runningJobs: running.ids.map(\.rawValue).sorted(),
            uptime: (ContinuousClock.now - startedAt).timeInterval, message: message
        )
    }
}
