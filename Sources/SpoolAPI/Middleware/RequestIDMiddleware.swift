import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id that appears in each log line written for it and in the response's
/// `X-Request-Id` header, so a user's report ("it failed, request id …") finds the server's lines.
///
/// The id is the one Hummingbird puts in the request's logger (`hb.request.id`), or the caller's
/// own `X-Request-Id` when it looks like an id (1–128 letters, digits, `-`, `_`, `.`, `:`), as a
/// reverse proxy that already assigned one sends it. Added first, so that error responses carry
/// the header too.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The logger metadata key Hummingbird uses for its request id.
    static var metadataKey: String { "hb.request.id" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id: String
        if let given = Self.callersID(in: request.headers) {
            id = given
            context.logger[metadataKey: Self.metadataKey] = .string(given)
        } else {
            id = context.logger[metadataKey: Self.metadataKey]?.description ?? ""
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try ErrorMiddleware<Context>.apiError(for: error, request: request, logger: context.logger).response(from: request, context: context)
        }
        if !id.isEmpty {
            response.headers[.xRequestID] = id
        }
        return response
    }

    /// The caller's own `X-Request-Id`, when it is safe to log and echo (``isValid(_:)``).
    static func callersID(in fields: HTTPFields) -> String? {
        // A plain scan: a lookup by name would index every field first.
        for field in fields where field.name == .xRequestID {
            return isValid(field.value) ? field.value : nil
        }
        return nil
    }

    /// Whether a caller's id is safe to log and echo.
    static func isValid(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let xRequestID = HTTPField.Name("X-Request-Id")!
}
