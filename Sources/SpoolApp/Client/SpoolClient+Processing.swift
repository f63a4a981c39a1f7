import Foundation
import NIOHTTP1
import SpoolAPIModels
import SpoolCore

extension SpoolClient {
    /// How long a hardware detection may take: a test encode per candidate, each with its own timeout.
    static let hardwareTimeout: Duration = .seconds(180)

    /// `GET /api/processing/profiles`: every processing profile, by name.
    public func processingProfiles() async throws -> [ProcessingProfileDTO] {
        try await send(.GET, "/api/processing/profiles", as: ProcessingProfileListResponse.self).profiles
    }

    /// `GET /api/processing/profiles/:name`.
    ///
    /// - Throws: ``ClientError`` — not found when there is no profile of that name.
    public func processingProfile(_ name: String) async throws -> ProcessingProfileDTO {
        try await send(.GET, Self.processingProfilePath(name), as: ProcessingProfileDTO.self)
    }

    /// `PUT /api/processing/profiles/:name`: stores a whole profile.
    ///
    /// - Returns: The profile as stored.
    /// - Throws: ``ClientError`` — usage for a value the server refuses, naming it.
    public func saveProcessingProfile(_ name: String, _ request: ProcessingProfileRequest) async throws -> ProcessingProfileDTO {
        try await send(.PUT, Self.processingProfilePath(name), json: ClientJSON.encode(request), as: ProcessingProfileDTO.self)
    }

    /// `DELETE /api/processing/profiles/:name`: removes a stored profile (a shipped one goes back to its defaults).
    public func deleteProcessingProfile(_ name: String) async throws {
        _ = try await send(.DELETE, Self.processingProfilePath(name))
    }

    /// `GET /api/hw` (the last detection, running one first when there is none), or with `detect`
    /// `POST /api/hw/detect` (a new detection).
    public func hardware(detect: Bool = false) async throws -> HardwareReportDTO {
        try await send(detect ? .POST : .GET, detect ? "/api/hw/detect" : "/api/hw", timeout: Self.hardwareTimeout, as: HardwareReportDTO.self)
    }

    /// The path of a processing profile resource.
    static func processingProfilePath(_ name: String) -> String { "/api/processing/profiles/" + encode(name) }
}
