import Hummingbird

/// Answers `405` with an `Allow` header when a path exists but not for the request's method
/// (Hummingbird's router alone answers 404).
///
/// Added to the router after every route, so it wraps only the not-found responder.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    private let routes: [(segments: [Substring], method: String)]

    /// Creates the middleware from the router's routes.
    init(routes: [Router<Context>.RouteDescription]) {
        self.routes = routes.map { route in
            (route.path.description.split(separator: "/"), route.method.rawValue)
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/")
            var methods = Set(routes.filter { Self.matches($0.segments, segments) }.map(\.method))
            if methods.contains("GET") { methods.insert("HEAD") }
            let allowed = methods.sorted()
            guard !allowed.isEmpty else { throw error }
            throw APIError(
                .methodNotAllowed, code: .invalidInput,
                message: "\(request.method.rawValue) is not supported here; use \(allowed.joined(separator: ", "))",
                headers: [.allow: allowed.joined(separator: ", ")]
            )
        }
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        pattern.count == path.count && zip(pattern, path).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }
}
