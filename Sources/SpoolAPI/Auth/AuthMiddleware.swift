import Hummingbird

/// Authenticates `Authorization: Bearer <token>` and stores the caller in the context.
///
/// `?token=` is accepted only on the live-event routes (`/api/ws`, `/api/events`), because browsers
/// cannot set headers on WebSocket and EventSource requests. With `optional`, a request without any
/// token passes unauthenticated (the WebSocket then authenticates with its first message). A
/// request already authenticated (by ``AccessPolicyMiddleware``, which also checks roles) passes.
struct AuthMiddleware<Context: IdentifiedRequestContext>: RouterMiddleware {
    /// Paths on which the token may come in the query.
    static var queryTokenPaths: Set<String> { authQueryTokenPaths }

    let auth: AuthService
    var optional = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if context.identity != nil { return try await next(request, context) }
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
        // A plain scan: looking a field up by name builds an index of every field first.
        for field in request.headers where field.name == .authorization {
            return bearerToken(field.value)
        }
        if queryTokenPaths.contains(request.uri.path), let token = request.uri.queryParameters["token"], !token.isEmpty {
            return String(token)
        }
        return nil
    }

    /// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, spaces
    /// around the token ignored); nil for any other value.
    static func bearerToken(_ header: String) -> String? {
        // Byte-level and allocation-free up to the result: this runs on every request.
        let bytes = header.utf8
        guard bytes.count > 7 else { return nil }
        var index = bytes.startIndex
        for expected in "bearer".utf8 {
            guard bytes[index] | 0x20 == expected else { return nil }
            index = bytes.index(after: index)
        }
        guard bytes[index] == UInt8(ascii: " ") else { return nil }
        var end = bytes.endIndex
        while index < end, bytes[index] == UInt8(ascii: " ") { index = bytes.index(after: index) }
        while end > index, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        return index < end ? String(Substring(header.utf8[index..<end])) : nil
    }
}

/// Paths on which the token may come in the query (see ``AuthMiddleware``).
private let authQueryTokenPaths: Set<String> = ["/api/ws", "/api/events"]
