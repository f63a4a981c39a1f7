import Hummingbird
import SpoolAPIModels
import SpoolCore
import SpoolQueue

/// `GET /api/queue`: queue counters, jobs per state, free disk space and paused queues.
struct QueueController: Sendable {
    let service: JobService
    let driver: any JobQueueDriver

    /// Registers the route on the authenticated `/api` group.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get("queue", use: overview)
    }

    @Sendable func overview(_ request: Request, context: SpoolRequestContext) async throws -> QueueOverviewResponse {
        var queues: [String: QueueStats] = [:]
        for queue in service.stages.reportedQueues {
            let name = QueueName(rawValue: queue)
            queues[name.rawValue] = try await driver.stats(for: name)
        }
        let stored = try await service.store.countsByState()
        var counts: [String: Int] = [:]
        for state in JobState.allCases {
            counts[state.rawValue] = stored[state] ?? 0
        }
        let freeBytes: Int64?
        do {
            freeBytes = try service.files.freeBytes()
        } catch {
            context.logger.warning("cannot measure free space", metadata: ["error.message": "\(error)"])
            freeBytes = nil
        }
        return QueueOverviewResponse(queues: queues, counts: counts, freeBytes: freeBytes, paused: service.pauses.all)
    }
}
