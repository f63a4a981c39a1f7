import Foundation
import NIOHTTP1
import SpoolAPIModels
import SpoolCore

extension SpoolClient {
    /// How long a source preview may take: the server lists for at most 120 s, plus room to answer.
    static let previewTimeout: Duration = .seconds(150)

    /// `POST /api/sources`: follows a source; its first index is queued at once.
    public func createSource(_ request: CreateSourceRequest) async throws -> SourceDTO {
        try await send(.POST, "/api/sources", json: ClientJSON.encode(request), as: SourceDTO.self)
    }

    /// `POST /api/sources/preview`: what adding the source would queue, listed now.
    public func previewSource(_ request: CreateSourceRequest) async throws -> SourcePreviewResponse {
        try await send(.POST, "/api/sources/preview", json: ClientJSON.encode(request), timeout: Self.previewTimeout, as: SourcePreviewResponse.self)
    }

    /// `GET /api/sources`: every source, by id.
    public func sources() async throws -> [SourceDTO] {
        try await send(.GET, "/api/sources", as: SourceListResponse.self).sources
    }

    /// `GET /api/sources/:id`.
    public func source(_ id: Int64) async throws -> SourceDTO {
        try await send(.GET, Self.sourcePath(id), as: SourceDTO.self)
    }

    /// `GET /api/sources/:id/media`: a page of a source's items, newest first, with counts per phase.
    public func sourceItems(_ id: Int64, phases: [SourceItemPhase] = [], limit: Int? = nil, offset: Int? = nil) async throws -> SourceItemListResponse {
        var query: [(String, String)] = []
        if !phases.isEmpty { query.append(("phase", phases.map(\.rawValue).joined(separator: ","))) }
        if let limit { query.append(("limit", String(limit))) }
        if let offset { query.append(("offset", String(offset))) }
        return try await send(.GET, Self.sourcePath(id) + "/media", query: query, as: SourceItemListResponse.self)
    }

    /// `PATCH /api/sources/:id`: changes a source's settings; members left out stay.
    public func updateSource(_ id: Int64, _ request: PatchSourceRequest) async throws -> SourceDTO {
        try await send(.PATCH, Self.sourcePath(id), json: ClientJSON.encode(request), as: SourceDTO.self)
    }

    /// `POST /api/sources/:id/sync?mode=`: queues a check now.
    public func syncSource(_ id: Int64, mode: SyncMode = .check) async throws -> SyncSourceResponse {
        try await send(.POST, Self.sourcePath(id) + "/sync", query: [("mode", mode.rawValue)], as: SyncSourceResponse.self)
    }

    /// `DELETE /api/sources/:id`: stops following a source; with `deleteFiles`, its downloads go too.
    public func deleteSource(_ id: Int64, deleteFiles: Bool = false) async throws {
        _ = try await send(.DELETE, Self.sourcePath(id), query: [("deleteFiles", deleteFiles ? "true" : "false")])
    }

    /// A source id from what the user typed: the id itself, or a source's name (any case).
    ///
    /// - Throws: ``ClientError`` — not found when no source has that name, usage when several do.
    public func resolveSourceID(_ input: String) async throws -> Int64 {
        let text = input.trimmingCharacters(in: .whitespaces)
        if let id = Int64(text), id > 0 { return id }
        let matches = try await sources().filter { $0.name.caseInsensitiveCompare(text) == .orderedSame }
        guard let first = matches.first else {
            throw ClientError(.notFound, "no source has the id or name '\(input)' (see `spool sources ls`)", code: "not_found")
        }
        guard matches.count == 1 else {
            throw ClientError(.usage, "\(matches.count) sources are named '\(input)' (ids \(matches.map { String($0.id) }.joined(separator: ", "))); give the id")
        }
        return first.id
    }

    /// The path of a source resource.
    static func sourcePath(_ id: Int64) -> String { "/api/sources/\(id)" }
}
