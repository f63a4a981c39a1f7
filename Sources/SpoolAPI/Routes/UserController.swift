import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/users`: user management for admins; any user may change its own password with the
/// current one.
///
/// Disabling a user or setting its password ends its sessions and tokens at once; the last
/// enabled administrator cannot be demoted, disabled or deleted (`409 conflict`).
struct UserController: Sendable {
    let auth: AuthService
    let maxBodyBytes: Int

    /// Registers the routes on the authenticated `/api` group.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get("users", use: list)
            .post("users", use: create)
            .get("users/:id", use: show)
            .patch("users/:id", use: update)
            .delete("users/:id", use: delete)
            .post("users/:id/password", use: setPassword)
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> UserListResponse {
        return UserListResponse(users: try await auth.store.users().map(UserAccountDTO.init))
    }

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<UserAccountDTO> {
        let body = try await request.decodeJSON(CreateUserRequest.self, limit: maxBodyBytes)
        let user = try await auth.createUser(username: body.username, password: body.password, role: body.role)
        context.audit?.setTarget(id: String(user.id))
        context.audit?.note("username", .string(user.username))
        context.audit?.note("role", .string(user.role.rawValue))
        context.logger.info("user created", metadata: ["user.name": .string(user.username), "user.role": .string(user.role.rawValue)])
        return EditedResponse(status: .created, response: UserAccountDTO(user))
    }

    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> UserAccountDTO {
        return UserAccountDTO(try await loadUser(context))
    }

    @Sendable func update(_ request: Request, context: SpoolRequestContext) async throws -> UserAccountDTO {
        let id = try userID(context)
        let body = try await request.decodeJSON(UpdateUserRequest.self, limit: maxBodyBytes)
        let user = try await auth.updateUser(id: id, role: body.role, disabled: body.disabled)
        if let role = body.role { context.audit?.note("role", .string(role.rawValue)) }
        if let disabled = body.disabled {
            context.audit?.note("disabled", .bool(disabled))
            if body.role == nil { context.audit?.setAction(disabled ? "user.disable" : "user.enable") }
        }
        context.audit?.note("username", .string(user.username))
        context.logger.info("user changed", metadata: ["user.name": .string(user.username), "user.role": .string(user.role.rawValue), "user.disabled": "\(user.disabled)"])
        return UserAccountDTO(user)
    }

    @Sendable func delete(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let user = try await loadUser(context)
        try await auth.deleteUser(id: user.id)
        context.audit?.note("username", .string(user.username))
        context.logger.info("user deleted", metadata: ["user.name": .string(user.username)])
        return .noContent
    }

    /// An admin sets anyone's password; a user changes its own with `currentPassword`. Every
    /// other session and token of that user ends.
    @Sendable func setPassword(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let caller = try context.requireIdentity()
        let id = try userID(context)
        let isSelf = caller.user.id == id
        // Other users are not visible to a non-admin: as with jobs, their ids do not exist for it.
        guard caller.role == .admin || isSelf else { throw SpoolError(.notFound, "user \(id) does not exist") }
        let body = try await request.decodeJSON(SetPasswordRequest.self, limit: maxBodyBytes)
        let user = try await loadUser(context)
        if caller.role != .admin {
            guard let current = body.currentPassword, try await auth.checkPassword(current, of: user) else {
                throw APIError.forbidden("the current password is wrong")
            }
        }
        try await auth.setPassword(userID: id, password: body.password, keepingToken: isSelf ? caller.token.id : nil)
        context.audit?.note("username", .string(user.username))
        context.logger.info("password set", metadata: ["user.name": .string(user.username)])
        return .noContent
    }

    private func userID(_ context: SpoolRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw SpoolError(.notFound, "user \(text.prefix(32)) does not exist") }
        return id
    }

    private func loadUser(_ context: SpoolRequestContext) async throws -> User {
        let id = try userID(context)
        guard let user = try await auth.store.user(id: id) else { throw SpoolError(.notFound, "user \(id) does not exist") }
        return user
    }
}
