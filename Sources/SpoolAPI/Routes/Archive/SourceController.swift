import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/sources`: add, list, show, change, remove and sync followed sources, preview what adding
/// one would queue, page through a source's videos (keep, retry) and run its retention; and
/// `/api/archive/failed`, the downloads that failed for good.
struct SourceController: Sendable {
    let archive: ArchiveService
    /// Lists a URL for the preview; nil when the host has no lister.
    let lister: (any MediaLister)?
    let maxBodyBytes: Int
    let creationLimiter: RateLimiter
    let previewLimiter: RateLimiter
    /// Entries a preview lists at most.
    let previewMaxEntries: Int
    /// How long a preview lists at most.
    let previewTimeout: Duration

    /// Registers the routes on groups mounted at `/api/sources` and `/api/archive`.
    func addRoutes(sources group: RouterGroup<SpoolRequestContext>, archive: RouterGroup<SpoolRequestContext>) {
        group.get(use: list)
            .post(use: create)
            .post("preview", use: preview)
            .get(":id", use: show)
            .patch(":id", use: update)
            .delete(":id", use: delete)
            .post(":id/sync", use: sync)
            .get(":id/media", use: media)
            .patch(":id/media/:mediaId", use: setKeep)
            .post(":id/media/:mediaId/retry", use: retry)
            .get(":id/retention", use: retentionPlan)
            .post(":id/retention", use: applyRetention)
        archive.get("failed", use: failed)
    }

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<SourceDTO> {
        let identity = try context.requireIdentity()
        if let wait = creationLimiter.acquire("user:\(identity.user.id)") {
            throw APIError.rateLimited("too many sources added", retryAfter: wait)
        }
        let body = try await request.decodeJSON(CreateSourceRequest.self, limit: maxBodyBytes)
        let source = try await archive.create(body.source)
        context.logger.info("source added", metadata: ["source.id": .stringConvertible(source.id)])
        return EditedResponse(status: .created, headers: [.location: "/api/sources/\(source.id)"], response: try await dto(source))
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> SourceListResponse {
        var sources: [SourceDTO] = []
        for source in try await archive.sources() {
            sources.append(try await dto(source))
        }
        return SourceListResponse(sources: sources)
    }

    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> SourceDTO {
        try await dto(try await archive.source(try Self.sourceID(context)))
    }

    @Sendable func update(_ request: Request, context: SpoolRequestContext) async throws -> SourceDTO {
        let id = try Self.sourceID(context)
        let body = try await request.decodeJSON(PatchSourceRequest.self, limit: maxBodyBytes)
        try body.checkFixedMembers(of: try await archive.source(id))
        let source = try await archive.update(id) { body.apply(to: &$0) }
        context.logger.info("source changed", metadata: ["source.id": .stringConvertible(id)])
        return try await dto(source)
    }

    @Sendable func delete(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let id = try Self.sourceID(context)
        let deleteFiles = try QueryParameters(request).bool("deleteFiles", default: false)
        try await archive.delete(id, deleteFiles: deleteFiles)
        context.logger.info("source removed", metadata: ["source.id": .stringConvertible(id), "source.delete_files": .stringConvertible(deleteFiles)])
        return .noContent
    }

    @Sendable func sync(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<SyncSourceResponse> {
        let id = try Self.sourceID(context)
        let mode = try QueryParameters(request).value("mode", default: SyncMode.check)
        try await archive.sync(id, mode: mode)
        context.logger.info("source sync queued", metadata: ["source.id": .stringConvertible(id), "sync.mode": .string(mode.rawValue)])
        return EditedResponse(status: .accepted, response: SyncSourceResponse(sourceId: id, mode: mode))
    }

    /// The API view of a source with its current progress.
    func dto(_ source: Source) async throws -> SourceDTO {
        SourceDTO(source, progress: try await archive.progress(source.id))
    }

    /// The `:id` parameter; text that is no positive integer is `404` without a lookup.
    static func sourceID(_ context: SpoolRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw SpoolError(.notFound, "no source has the id '\(raw.prefix(40))'") }
        return id
    }
}
