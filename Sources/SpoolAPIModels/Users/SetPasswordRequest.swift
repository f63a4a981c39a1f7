import SpoolCore

/// The body of `POST /api/users/{id}/password`.
public struct SetPasswordRequest: Sendable, Codable, Hashable {
    /// The new password (at least 8 characters).
    public var password: String
    /// The current password; required when a user who is not an admin changes its own.
    public var currentPassword: String?

    /// Creates a request.
    public init(password: String, currentPassword: String? = nil) {
        self.password = password
        self.currentPassword = currentPassword
    }

    /// Decodes strictly: the new password is required.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let password = try c.decodeIfPresent(String.self, forKey: .password), !password.isEmpty else {
            throw SpoolError(.invalidInput, "password is required")
        }
        self.password = password
        if c.contains(.currentPassword) {
            guard let value = try? c.decode(String.self, forKey: .currentPassword) else { throw SpoolError(.invalidInput, "currentPassword must be a string") }
            currentPassword = value
        } else {
            currentPassword = nil
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case password, currentPassword
    }
}
