import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// Seed 003's API, `/api/v1/jobs`: a "job" there is a batch of URLs with one ProcessingConfig
/// (``V1ProcessingConfig``), answered with its status in the seed's snake_case shape
/// (``V1JobStatus``). Errors keep Spool's error body and codes.
struct V1JobController: Sendable {
    let service: BatchService
    let defaults: JobDefaults
    let maxBodyBytes: Int
    let creationLimiter: RateLimiter

    /// Registers the routes on a group mounted at `/api/v1/jobs`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.post(use: create)
            .get(":id/status", use: status)
            .post(":id/cancel", use: cancel)
    }

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<V1JobStatus> {
        let identity = try context.requireIdentity()
        if let wait = creationLimiter.acquire("user:\(identity.user.id)") {
            throw APIError.rateLimited("too many jobs added", retryAfter: wait)
        }
        let body = try await request.decodeJSON(V1CreateJobsRequest.self, limit: maxBodyBytes)
        let config = body.config ?? V1ProcessingConfig()
        if let profile = config.processingProfile {
            try profile.validate()
        }
        let items = try body.orderedURLs().map { config.jobOptions(url: $0, defaults: defaults) }
        let status = try await service.create(name: body.name, items: items, notificationWebhook: config.notificationWebhook, owner: identity.user.id)
        let id = status.batch.id
        context.logger.info("batch added", metadata: ["batch.id": .string(id.rawValue), "batch.items": .stringConvertible(items.count)])
        return EditedResponse(status: .created, headers: [.location: "/api/v1/jobs/\(id)/status"], response: V1JobStatus(status))
    }

    @Sendable func status(_ request: Request, context: SpoolRequestContext) async throws -> V1JobStatus {
        V1JobStatus(try await BatchController.visibleBatch(service, context))
    }

    @Sendable func cancel(_ request: Request, context: SpoolRequestContext) async throws -> V1JobStatus {
        let scope = try context.requireIdentity().jobScope
        return V1JobStatus(try await service.cancel(try await BatchController.visibleBatch(service, context).batch.id, visibleTo: scope))
    }
}
