import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/profiles`: reusable download settings of sources (format, container, subtitles, side
/// files, SponsorBlock, voice-over, processing).
struct ProfileController: Sendable {
    let archive: ArchiveService
    /// Checks that a profile's `process` names a processing profile; nil refuses any.
    let processing: ProcessingProfiles?
    let maxBodyBytes: Int

    /// Registers the routes on a group mounted at `/api/profiles`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: list)
            .post(use: create)
            .get(":id", use: show)
            .put(":id", use: replace)
            .delete(":id", use: delete)
    }

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<ProfileDTO> {
        let body = try await request.decodeJSON(ProfileRequest.self, limit: maxBodyBytes)
        try await checkProcess(body)
        let profile = try await archive.createProfile(body.profile())
        context.logger.info("profile added", metadata: ["profile.id": .stringConvertible(profile.id)])
        return EditedResponse(status: .created, headers: [.location: "/api/profiles/\(profile.id)"], response: ProfileDTO(profile))
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> ProfileListResponse {
        ProfileListResponse(profiles: try await archive.store.profiles().map(ProfileDTO.init))
    }

    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> ProfileDTO {
        let id = try Self.profileID(context)
        guard let profile = try await archive.store.profile(id) else { throw Self.notFound(id) }
        return ProfileDTO(profile)
    }

    @Sendable func replace(_ request: Request, context: SpoolRequestContext) async throws -> ProfileDTO {
        let id = try Self.profileID(context)
        let body = try await request.decodeJSON(ProfileRequest.self, limit: maxBodyBytes)
        guard try await archive.store.profile(id) != nil else { throw Self.notFound(id) }
        try await checkProcess(body)
        let profile = try await archive.updateProfile(body.profile(id: id))
        context.logger.info("profile changed", metadata: ["profile.id": .stringConvertible(id)])
        return ProfileDTO(profile)
    }

    @Sendable func delete(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let id = try Self.profileID(context)
        try await archive.store.deleteProfile(id)
        context.logger.info("profile removed", metadata: ["profile.id": .stringConvertible(id)])
        return .noContent
    }

    /// Throws `invalid_input` when the body's `process` names no processing profile.
    private func checkProcess(_ body: ProfileRequest) async throws {
        if let name = body.process {
            _ = try await processing.resolve(name, field: "process")
        }
    }

    /// The `:id` parameter; text that is no positive integer is `404` without a lookup.
    static func profileID(_ context: SpoolRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw SpoolError(.notFound, "no profile has the id '\(raw.prefix(40))'") }
        return id
    }

    static func notFound(_ id: Int64) -> SpoolError { SpoolError(.notFound, "profile \(id) does not exist") }
}
