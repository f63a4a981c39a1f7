import Hummingbird
import SpoolAPIModels
import SpoolCore
import SpoolQueue

/// `GET /api/queue`: queue counters, jobs per state (of the jobs the caller sees), free disk space
/// and paused queues.
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
        var counts: [String: Int] = [:]
        if let scope = try context.requireIdentity().jobScope {
            // A user counts the jobs they see; the queues' own counters stay the server's.
            for state in JobState.allCases {
                counts[state.rawValue] = try await service.store.list(JobQuery(states: [state], visibleTo: scope, limit: 0)).total
            }
        } else {
            let stored = try await service.store.countsByState()
            for state in JobState.allCases {
                counts[state.rawValue] = stored[state] ?? 0
            }
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
