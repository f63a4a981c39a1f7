import SpoolCore

/// The body of `POST /api/tokens`.
public struct CreateTokenRequest: Sendable, Codable, Hashable {
    /// A label for the token (1–64 characters on one line).
    public var name: String

    /// Creates a request.
    public init(name: String) {
        self.name = name
    }

    /// Decodes strictly and checks the label.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        guard (1...64).contains(name.unicodeScalars.count), !name.contains(where: \.isNewline) else {
            throw SpoolError(.invalidInput, "name must be 1–64 characters on one line")
        }
        self.name = name
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name
    }
}
