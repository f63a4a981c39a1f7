import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/auth`: log in (failures throttled per client address and per user name at an address,
/// see ``LoginThrottle``) and log out.
struct AuthController: Sendable {
    let auth: AuthService
    let throttle: LoginThrottle
    let maxBodyBytes: Int
    let clients: ClientAddressResolver

    /// Registers `POST /api/auth/login` (public) on `open` and `POST /api/auth/logout` on `protected`.
    func addRoutes(open: RouterGroup<SpoolRequestContext>, protected: RouterGroup<SpoolRequestContext>) {
        open.post("auth/login", use: login)
        protected.post("auth/logout", use: logout)
    }

    @Sendable func login(_ request: Request, context: SpoolRequestContext) async throws -> LoginResponse {
        let body = try await request.decodeJSON(LoginRequest.self, limit: maxBodyBytes)
        let client = clients.client(peer: context.clientAddress, headers: request.headers)
        context.audit?.setActor(AuditActor(userID: nil, name: String(body.username.prefix(64))))
        let attempt: LoginThrottle.Attempt
        switch throttle.begin(address: client, username: body.username) {
        case .success(let taken):
            attempt = taken
        case .failure(let wait):
            context.logger.notice("login rate limited", metadata: ["client.address": .string(client), "user.name": .string(body.username)])
            throw APIError.rateLimited("too many failed logins from this address", retryAfter: wait.duration)
        }
        do {
            let (issued, user) = try await auth.login(username: body.username, password: body.password)
            throttle.succeeded(attempt)
            context.audit?.setActor(.user(user))
            context.logger.info("login", metadata: ["user.name": .string(user.username), "client.address": .string(client)])
            return LoginResponse(token: issued.token, expiresAt: issued.record.expiresAt ?? issued.record.createdAt, user: UserDTO(user))
        } catch let error as APIError where error.code == .unauthorized {
            context.logger.notice("login failed", metadata: ["user.name": .string(body.username), "client.address": .string(client)])
            throw error
        }
    }

    @Sendable func logout(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        try await auth.logout(try context.requireIdentity())
        return .noContent
    }
}
