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
        return try await next(request, context)
    }

    /// The bearer token of a request, if it carries one.
    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            // Byte-level parse of "Bearer <token>": this runs on every request.
            let bytes = Array(header.utf8)
            guard bytes.count > 7, bytes[6] == UInt8(ascii: " "),
                  bytes[0..<6].map({ $0 | 0x20 }) == Array("bearer".utf8)
            else { return nil }
            let token = bytes[7...].drop { $0 == UInt8(ascii: " ") }
            let trimmed = token.reversed().drop { $0 == UInt8(ascii: " ") }.reversed()
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
        if queryTokenPaths.contains(request.uri.path), let token = request.uri.queryParameters["token"], !token.isEmpty {
            return String(token)
        }
        return nil
    }
}
