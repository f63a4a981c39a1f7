import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/processing/profiles`: the profiles of the PROCESSING stage — the shipped ones (each
/// editable; deleting the edit restores it) and the user's own — by name.
struct ProcessingProfileController: Sendable {
    let catalog: ProcessingProfiles
    /// The download profiles, which may name a processing profile; nil when sources are not served.
    let archive: ArchiveService?
    let maxBodyBytes: Int

    /// Registers the routes on a group mounted at `/api/processing/profiles`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: list)
            .get(":name", use: show)
            .put(":name", use: replace)
            .delete(":name", use: delete)
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> ProcessingProfileListResponse {
        ProcessingProfileListResponse(profiles: try await catalog.list().map(ProcessingProfileDTO.init))
    }

    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> ProcessingProfileDTO {
        let name = try Self.name(context)
        let stored = try await catalog.store.processingProfile(named: name)
        let shipped = ProcessingProfile.builtIn(named: name)
        guard let profile = stored ?? shipped else {
            throw SpoolError(.notFound, "no processing profile named '\(name.prefix(60))'; GET /api/processing/profiles lists them")
        }
        return ProcessingProfileDTO(profile, builtIn: shipped != nil, stored: stored != nil)
    }

    @Sendable func replace(_ request: Request, context: SpoolRequestContext) async throws -> ProcessingProfileDTO {
        let name = try Self.name(context)
        let body = try await request.decodeJSON(ProcessingProfileRequest.self, limit: maxBodyBytes)
        let profile = try body.profile(named: name)
        try await catalog.save(profile)
        context.logger.info("processing profile saved", metadata: ["processing.profile": .string(name)])
        return ProcessingProfileDTO(profile, builtIn: ProcessingProfile.builtIn(named: name) != nil, stored: true)
    }

    /// Removes a stored profile: `404` when nothing is stored under the name; `409` when a
    /// download profile names it and no shipped profile would take its place.
    @Sendable func delete(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let name = try Self.name(context)
        if try await catalog.store.processingProfile(named: name) != nil, ProcessingProfile.builtIn(named: name) == nil, let archive {
            let users = try await archive.store.profiles().filter { $0.process == name }
            if !users.isEmpty {
                let names = users.map { "'\($0.name)' (id \($0.id))" }.joined(separator: ", ")
                throw SpoolError(.conflict, "the processing profile '\(name)' is named by the download profiles \(names); change them first")
            }
        }
        try await catalog.delete(name)
        context.logger.info("processing profile removed", metadata: ["processing.profile": .string(name)])
        return .noContent
    }

    /// The `:name` parameter, percent-decoded (so a refused name is quoted as it was typed).
    static func name(_ context: SpoolRequestContext) throws -> String {
        let raw = try context.parameters.require("name")
        return raw.removingPercentEncoding ?? raw
    }
}
