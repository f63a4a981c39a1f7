/// `GET /api/profiles`: every profile, by id.
public struct ProfileListResponse: Sendable, Codable, Hashable {
    /// The profiles.
    public var profiles: [ProfileDTO]

    /// Creates a list.
    public init(profiles: [ProfileDTO]) {
        self.profiles = profiles
    }
}
