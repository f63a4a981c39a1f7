import Hummingbird

/// The one place the API checks roles: added to the router before every route, it looks up the
/// matched route's ``AccessLevel`` in the ``RoutePolicy`` (from `openapi.yaml`'s `x-spool-role`),
/// authenticates the bearer token unless the operation is public, and answers `403 forbidden`
/// naming the role needed when the caller's role is too low.
///
/// A route the document does not declare is refused to everyone (fail closed). Requests that match
/// no route (the web UI's files, 404, 405) pass untouched. Operations whose handler reads the
/// credential itself (`x-spool-authenticates: handler`) pass to it, and it applies the policy.
struct AccessPolicyMiddleware<Context: IdentifiedRequestContext>: RouterMiddleware {
    let policy: RoutePolicy
    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = context.endpointPath else { return try await next(request, context) }
        let operation = RoutePolicy.key(method: request.method.rawValue, path: path)
        guard let level = policy.levels[operation] else {
            throw APIError.forbidden("\(operation) declares no role in the API document; it is refused to everyone")
        }
        if level == .public || policy.handlerAuthenticated.contains(operation) { return try await next(request, context) }
        guard let token = AuthMiddleware<Context>.token(in: request) else {
            throw APIError.unauthorized("authentication required: send 'Authorization: Bearer <token>'")
        }
        guard let identity = try await auth.authenticate(token) else {
            throw APIError.unauthorized("the token is invalid, expired or revoked")
        }
        try RoutePolicy.authorize(identity.role, level: level, operation: operation)
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
