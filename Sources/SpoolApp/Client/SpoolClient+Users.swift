import Foundation
import NIOHTTP1
import SpoolAPIModels
import SpoolCore

extension SpoolClient {
    /// `GET /api/users`: every user (admins only).
    public func users() async throws -> [UserAccountDTO] {
        try await send(.GET, "/api/users", as: UserListResponse.self).users
    }

    /// The user named `name` (or with the numeric id `name`); throws `not_found` for none.
    public func user(named name: String) async throws -> UserAccountDTO {
        let users = try await users()
        if let user = users.first(where: { $0.username == name }) ?? Int64(name).flatMap({ id in users.first { $0.id == id } }) {
            return user
        }
        throw ClientError.api(status: 404, code: "not_found", message: "user \(name) does not exist")
    }

    /// `POST /api/users`.
    public func createUser(_ request: CreateUserRequest) async throws -> UserAccountDTO {
        try await send(.POST, "/api/users", json: ClientJSON.encode(request), as: UserAccountDTO.self)
    }

    /// `PATCH /api/users/:id`: the role, disabled, or both.
    public func updateUser(_ id: Int64, _ request: UpdateUserRequest) async throws -> UserAccountDTO {
        try await send(.PATCH, "/api/users/\(id)", json: ClientJSON.encode(request), as: UserAccountDTO.self)
    }

    /// `POST /api/users/:id/password`.
    public func setPassword(_ id: Int64, _ request: SetPasswordRequest) async throws {
        _ = try await send(.POST, "/api/users/\(id)/password", json: ClientJSON.encode(request))
    }

    /// `DELETE /api/users/:id`.
    public func deleteUser(_ id: Int64) async throws {
        _ = try await send(.DELETE, "/api/users/\(id)")
    }

    /// `GET /api/audit`: a page of the audit log, newest first (admins only).
    ///
    /// - Parameters:
    ///   - actor: Only this user's (or `system`, `cli`) entries.
    ///   - action: Only actions starting with this.
    ///   - since: Only entries from this time on.
    ///   - limit: At most this many.
    ///   - cursor: The previous page's `nextCursor`.
    public func auditLog(actor: String? = nil, action: String? = nil, since: Date? = nil, limit: Int = 100, cursor: String? = nil) async throws -> AuditListResponse {
        var query: [(String, String)] = [("limit", String(limit))]
        if let actor { query.append(("actor", actor)) }
        if let action { query.append(("action", action)) }
        if let since { query.append(("since", SpoolJSON.format(since))) }
        if let cursor { query.append(("cursor", cursor)) }
        return try await send(.GET, "/api/audit", query: query, as: AuditListResponse.self)
    }
}
