import Hummingbird

/// Authenticates `Authorization: Bearer <token>` and stores the caller in the context.
///
/// `?token=` is accepted only on the live-event routes (`/api/ws`, `/api/events`), because browsers
/// cannot set headers on WebSocket and EventSource requests. With `optional`, a request without any
/// token passes unauthenticated (the WebSocket then authenticates with its first message).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = SpoolRequestContext

    /// Paths on which the token may come in the query.
    static let queryTokenPaths: Set<String> = ["/api/ws", "/api/events"]

    let auth: AuthService
    var optional = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.token(in: request) else {
            if optional { return try await next(request, context) }
            throw APIError.unauthorized("authentication required: send 'Authorization: Bearer <token>'")
        }
        guard let identity = try await auth.authenticate(token) else {
            throw APIError.unauthorized("the token is invalid, expired or revoked")
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "user.name"] = .string(identity.user.username)
        return try await next(request, context)
    }

    /// The bearer token of a request, if it carries one.
    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
        if queryTokenPaths.contains(request.uri.path), let token = request.uri.queryParameters["token"], !token.isEmpty {
            return String(token)
        }
        return nil
    }
}
