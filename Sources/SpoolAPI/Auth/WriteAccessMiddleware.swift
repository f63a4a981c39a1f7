import Hummingbird

/// Lets viewers read only: any method but GET and HEAD answers `403 forbidden` for them.
struct WriteAccessMiddleware: RouterMiddleware {
    typealias Context = SpoolRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, !(try context.requireIdentity().role.canWrite) {
            throw APIError.forbidden("viewers cannot change jobs")
        }
        return try await next(request, context)
    }
}
