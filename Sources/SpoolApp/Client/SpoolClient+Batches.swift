import Foundation
import NIOHTTP1
import SpoolAPIModels
import SpoolCore

extension SpoolClient {
    /// `POST /api/batches`: many URLs as one batch of jobs, in episode order.
    public func createBatch(_ request: CreateBatchRequest) async throws -> BatchDTO {
        try await send(.POST, "/api/batches", json: ClientJSON.encode(request), as: BatchResponse.self).batch
    }

    /// `GET /api/batches`: batches, newest first.
    public func batches(limit: Int = 50, offset: Int = 0) async throws -> BatchListResponse {
        try await send(.GET, "/api/batches", query: [("limit", String(limit)), ("offset", String(offset))], as: BatchListResponse.self)
    }

    /// `GET /api/batches/:id`, where `id` may be a unique prefix of a batch's id (as `spool batch ls` shows it).
    ///
    /// - Throws: ``ClientError`` — not found when no batch (or more than one) starts with `id`.
    public func batch(_ id: String) async throws -> BatchDTO {
        try await send(.GET, "/api/batches/\(try await batchID(id))", as: BatchResponse.self).batch
    }

    /// `POST /api/batches/:id/cancel` or `/retry`.
    public func perform(_ action: BatchAction, onBatch id: String) async throws -> BatchDTO {
        try await send(.POST, "/api/batches/\(try await batchID(id))/\(action.rawValue)", as: BatchResponse.self).batch
    }

    /// `DELETE /api/batches/:id`, with the jobs' files when `deleteFiles`.
    public func deleteBatch(_ id: String, deleteFiles: Bool) async throws {
        _ = try await send(.DELETE, "/api/batches/\(try await batchID(id))", query: deleteFiles ? [("deleteFiles", "true")] : [])
    }

    /// The full id of the batch whose id is or starts with `text`.
    private func batchID(_ text: String) async throws -> String {
        let text = text.lowercased()
        if BatchID(text).isWellFormed { return text }
        guard !text.isEmpty, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw ClientError(.usage, "'\(text.prefix(40))' is not a batch id")
        }
        let matches = try await batches(limit: 500).batches.filter { $0.id.rawValue.hasPrefix(text) }
        guard matches.count == 1 else {
            throw matches.isEmpty
                ? ClientError(.notFound, "no batch id starts with '\(text)'", code: "not_found")
                : ClientError(.usage, "'\(text)' names \(matches.count) batches; give more of the id")
        }
        return matches[0].id.rawValue
    }
}

/// A control applied to every job of a batch.
public enum BatchAction: String, Sendable, CaseIterable {
    /// Cancel the items that have not ended.
    case cancel
    /// Queue again the items that failed or were canceled.
    case retry
}
