import SpoolCore

/// The body of `PATCH /api/sources/{id}/media/{mediaId}`: `{"keep": true}` keeps the video
/// whatever the retention says; `false` lets the retention decide again. Decoding is strict.
public struct PatchSourceItemRequest: Sendable, Codable, Hashable {
    /// Whether to keep it.
    public var keep: Bool

    /// Creates a request.
    public init(keep: Bool) {
        self.keep = keep
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case keep
    }

    /// Decodes strictly: `keep` is required, other members are `unknown_field`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let keep = try c.decodeIfPresent(Bool.self, forKey: .keep) else {
            throw SpoolError(.invalidInput, "keep is required (true or false)")
        }
        self.keep = keep
    }
}
