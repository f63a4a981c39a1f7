import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/auth`: log in (rate limited per client address and username) and log out.
struct AuthController: Sendable {
    let auth: AuthService
    let limiter: RateLimiter
    let maxBodyBytes: Int
    let trustForwardedFor: Bool
    /// Told of every successful login (see ``APIDependencies/onActivity``).
    let onActivity: @Sendable () -> Void

    /// Registers `POST /api/auth/login` (public) on `open` and `POST /api/auth/logout` on `protected`.
    func addRoutes(open: RouterGroup<SpoolRequestContext>, protected: RouterGroup<SpoolRequestContext>) {
        open.post("auth/login", use: login)
        protected.post("auth/logout", use: logout)
    }

    @Sendable func login(_ request: Request, context: SpoolRequestContext) async throws -> LoginResponse {
        let body = try await request.decodeJSON(LoginRequest.self, limit: maxBodyBytes)
        let client = clientAddress(request, context: context)
        context.audit?.setActor(AuditActor(userID: nil, name: String(body.username.prefix(64))))
        if let wait = limiter.acquire("\(client)|\(body.username.lowercased())") {
            context.logger.notice("login rate limited", metadata: ["client.address": .string(client), "user.name": .string(body.username)])
            throw APIError.rateLimited("too many login attempts", retryAfter: wait)
        }
        do {
            let (issued, user) = try await auth.login(username: body.username, password: body.password)
            context.audit?.setActor(.user(user))
            context.logger.info("login", metadata: ["user.name": .string(user.username), "client.address": .string(client)])
            onActivity()
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

    /// The client's address: the peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
    private func clientAddress(_ request: Request, context: SpoolRequestContext) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor],
           let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty {
            return first
        }
        return context.clientAddress
    }
}
