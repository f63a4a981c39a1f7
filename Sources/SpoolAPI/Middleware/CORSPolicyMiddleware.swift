import Hummingbird
import NIOCore

/// CORS for a fixed list of origins (or `*`); requests from other origins get no CORS headers.
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>
    private let cors: CORSMiddleware<Context>

    init(origins: [String]) {
        self.origins = Set(origins)
        self.cors = CORSMiddleware(
            allowOrigin: origins.contains("*") ? .all : .originBased,
            allowHeaders: [.accept, .authorization, .contentType, .origin, .lastEventID],
            allowMethods: [.get, .post, .delete, .head, .options],
            maxAge: .seconds(600)
        )
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains("*") || origins.contains(origin) else {
            return try await next(request, context)
        }
        return try await cors.handle(request, context: context, next: next)
    }
}
