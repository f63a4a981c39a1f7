/// `GET /api/processing/profiles`: every processing profile (shipped, edited and the user's own), by name.
public struct ProcessingProfileListResponse: Sendable, Codable, Hashable {
    /// The profiles.
    public var profiles: [ProcessingProfileDTO]

    /// Creates a list.
    public init(profiles: [ProcessingProfileDTO]) {
        self.profiles = profiles
    }
}
