import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/batches`: add many URLs as one batch, list batches, show one, and cancel, retry or
/// delete all of a batch's jobs at once. The jobs themselves are ordinary jobs under `/api/jobs`.
struct BatchController: Sendable {
    let service: BatchService
    /// Resolves the batch's `options.process`; nil refuses it.
    let processing: ProcessingProfiles?
    let defaults: JobDefaults
    let maxBodyBytes: Int
    let creationLimiter: RateLimiter

    /// Registers the routes on a group mounted at `/api/batches`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: list)
            .post(use: create)
            .get(":id", use: show)
            .delete(":id", use: delete)
            .post(":id/cancel", use: cancel)
            .post(":id/retry", use: retry)
    }

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<BatchResponse> {
        let identity = try context.requireIdentity()
        if let wait = creationLimiter.acquire("user:\(identity.user.id)") {
            throw APIError.rateLimited("too many jobs added", retryAfter: wait)
        }
        let body = try await request.decodeJSON(CreateBatchRequest.self, limit: maxBodyBytes)
        var items = body.items(defaults: defaults)
        if let name = body.options?.process {
            let profile = try await processing.resolve(name, field: "options.process")
            items = items.map { var options = $0; options.processing = profile; return options }
        }
        let status = try await service.create(name: body.name, items: items, notificationWebhook: body.notificationWebhook, owner: identity.user.id)
        let id = status.batch.id
        context.logger.info("batch added", metadata: ["batch.id": .string(id.rawValue), "batch.items": .stringConvertible(items.count)])
        return EditedResponse(status: .created, headers: [.location: "/api/batches/\(id)"], response: BatchResponse(batch: BatchDTO(status)))
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> BatchListResponse {
        let query = try QueryParameters(request)
        let limit = try query.int("limit", default: 50, in: 1...500)
        let offset = try query.int("offset", default: 0, in: 0...1_000_000_000)
        let page = try await service.list(limit: limit, offset: offset, visibleTo: try context.requireIdentity().jobScope)
        return BatchListResponse(batches: page.batches.map(BatchDTO.init), total: page.total, limit: limit, offset: offset)
    }

    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> BatchResponse {
        BatchResponse(batch: BatchDTO(try await Self.visibleBatch(service, context)))
    }

    /// Cancels the caller's items of the batch (``BatchService/cancel(_:visibleTo:)``).
    @Sendable func cancel(_ request: Request, context: SpoolRequestContext) async throws -> BatchResponse {
        let scope = try context.requireIdentity().jobScope
        return BatchResponse(batch: BatchDTO(try await service.cancel(try await Self.visibleBatch(service, context).batch.id, visibleTo: scope)))
    }

    /// Queues the caller's failed and canceled items again (``BatchService/retry(_:visibleTo:)``).
    @Sendable func retry(_ request: Request, context: SpoolRequestContext) async throws -> BatchResponse {
        let scope = try context.requireIdentity().jobScope
        return BatchResponse(batch: BatchDTO(try await service.retry(try await Self.visibleBatch(service, context).batch.id, visibleTo: scope)))
    }

    /// Deletes the caller's items of the batch, and the batch once no one else's remain
    /// (``BatchService/delete(_:deleteFiles:visibleTo:)``).
    @Sendable func delete(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let id = try await Self.visibleBatch(service, context).batch.id
        let deleteFiles = try QueryParameters(request).bool("deleteFiles", default: false)
        _ = try await service.delete(id, deleteFiles: deleteFiles, visibleTo: try context.requireIdentity().jobScope)
        context.logger.info("batch deleted", metadata: ["batch.id": .string(id.rawValue), "job.delete_files": .stringConvertible(deleteFiles)])
        return .noContent
    }

    /// The status of the `:id` batch if the caller sees it (``BatchStatus/isVisible(to:)``), else `404`.
    static func visibleBatch(_ service: BatchService, _ context: SpoolRequestContext) async throws -> BatchStatus {
        try await service.status(try batchID(context), visibleTo: try context.requireIdentity().jobScope)
    }

    /// The `:id` parameter; ids Spool never issues are `404` without a lookup.
    static func batchID(_ context: SpoolRequestContext) throws -> BatchID {
        let raw = try context.parameters.require("id")
        let id = BatchID(raw.lowercased())
        guard id.isWellFormed else { throw SpoolError(.notFound, "no batch has the id '\(raw.prefix(40))'") }
        return id
    }
}
