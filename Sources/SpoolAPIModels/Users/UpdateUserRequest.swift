import SpoolCore

/// The body of `PATCH /api/users/{id}`: the members present are changed.
public struct UpdateUserRequest: Sendable, Codable, Hashable {
    /// A new role.
    public var role: Role?
    /// Disable (`true`) or enable (`false`) the user.
    public var disabled: Bool?

    /// Creates a request.
    public init(role: Role? = nil, disabled: Bool? = nil) {
        self.role = role
        self.disabled = disabled
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try CreateUserRequest.role(c, .role)
        if c.contains(.disabled) {
            guard let value = try? c.decode(Bool.self, forKey: .disabled) else { throw SpoolError(.invalidInput, "disabled must be true or false") }
            disabled = value
        } else {
            disabled = nil
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, disabled
    }
}
