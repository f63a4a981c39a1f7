import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

extension SourceController {
    /// `GET /api/sources/{id}/media?phase=&limit=&offset=`.
    @Sendable func media(_ request: Request, context: SpoolRequestContext) async throws -> SourceItemListResponse {
        let id = try Self.sourceID(context)
        let query = try Self.itemQuery(QueryParameters(request))
        let items = try await archive.items(of: id, query: query)
        let counts = try await archive.store.itemCounts(sourceID: id)
        return SourceItemListResponse(items: items.map { SourceItemDTO($0) }, counts: counts)
    }

    /// `PATCH /api/sources/{id}/media/{mediaId}` with `{"keep": Bool}`.
    @Sendable func setKeep(_ request: Request, context: SpoolRequestContext) async throws -> SourceItemDTO {
        let id = try Self.sourceID(context)
        let mediaID = try Self.mediaID(context)
        let body = try await request.decodeJSON(PatchSourceItemRequest.self, limit: maxBodyBytes)
        _ = try await archive.source(id)
        return SourceItemDTO(try await archive.setKeep(sourceID: id, mediaID: mediaID, keep: body.keep))
    }

    /// `POST /api/sources/{id}/media/{mediaId}/retry`: downloads the item after all (409 when there is nothing to retry).
    @Sendable func retry(_ request: Request, context: SpoolRequestContext) async throws -> SourceItemDTO {
        let id = try Self.sourceID(context)
        let mediaID = try Self.mediaID(context)
        let item = try await archive.retry(sourceID: id, mediaID: mediaID)
        context.logger.info("source item retried", metadata: ["source.id": .stringConvertible(id), "job.id": .string(item.jobID?.rawValue ?? "")])
        return SourceItemDTO(item)
    }

    /// `GET /api/sources/{id}/retention`: the dry run (each video's job, files, size and reason).
    @Sendable func retentionPlan(_ request: Request, context: SpoolRequestContext) async throws -> RetentionPlanResponse {
        let plan = try await archive.retentionPlan(try Self.sourceID(context))
        return RetentionPlanResponse(items: plan.deletions.map(RetentionEntryDTO.init))
    }

    /// `POST /api/sources/{id}/retention`: deletes what the retention says now; each deletion is
    /// logged (the server log, and the source's).
    @Sendable func applyRetention(_ request: Request, context: SpoolRequestContext) async throws -> RetentionResultResponse {
        let id = try Self.sourceID(context)
        let done = try await archive.applyRetention(id)
        RetentionController.log([done], to: context.logger)
        return RetentionResultResponse(deleted: done.deletions.map(RetentionEntryDTO.init), errors: done.errors)
    }

    /// `GET /api/archive/failed?limit=`: the dead letters of every source.
    @Sendable func failed(_ request: Request, context: SpoolRequestContext) async throws -> FailedItemListResponse {
        let limit = try QueryParameters(request).int("limit", default: 200, in: 1...1_000)
        return FailedItemListResponse(items: try await archive.failedItems(limit: limit).map { SourceItemDTO($0, includeSource: true) })
    }

    /// The `:mediaId` parameter, percent-decoded (ids such as feed GUIDs may hold `/` or `:`).
    static func mediaID(_ context: SpoolRequestContext) throws -> String {
        let raw = try context.parameters.require("mediaId")
        let id = raw.removingPercentEncoding ?? raw
        guard !id.isEmpty, id.utf8.count <= 512 else { throw SpoolError(.notFound, "no item has the id '\(raw.prefix(40))'") }
        return id
    }

    /// `?phase=&limit=&offset=`.
    static func itemQuery(_ query: QueryParameters) throws -> SourceItemQuery {
        let phases = try query.list("phase", maxItems: 2 * SourceItemPhase.allCases.count).map { raw in
            guard let phase = SourceItemPhase(rawValue: raw) else {
                throw SpoolError(.invalidInput, "phase must be a list of \(SourceItemPhase.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return phase
        }
        return SourceItemQuery(
            phases: phases.isEmpty ? nil : Set(phases),
            limit: try query.int("limit", default: 100, in: 1...500),
            offset: try query.int("offset", default: 0, in: 0...1_000_000_000)
        )
    }
}
