import Hummingbird
import Logging
import SpoolCore

/// Turns every error thrown by a route into an ``APIError`` response.
///
/// Domain errors keep their code; Hummingbird's own HTTP errors are mapped by status; anything
/// else is logged with its detail and answered with a generic `500 internal_error`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.apiError(for: error, request: request, logger: context.logger).response(from: request, context: context)
        }
    }

    /// The API error for any error, logging the ones that are the server's fault.
    static func apiError(for error: any Error, request: Request, logger: Logger) -> APIError {
        let apiError: APIError
        switch error {
        case let error as APIError:
            apiError = error
        case let error as SpoolError:
            apiError = APIError(error)
        case let error as HTTPError:
            apiError = APIError(status: error.status, message: error.body)
        case let error as any HTTPResponseError:
            apiError = APIError(status: error.status, message: nil)
        default:
            apiError = APIError(.internalServerError, code: .internalError, message: APIError.internalMessage)
        }
        if apiError.status == .internalServerError {
            logger.error("request failed", metadata: [
                "http.method": "\(request.method)",
                "http.path": "\(request.uri.path)",
                "error.type": "\(String(reflecting: type(of: error)))",
                "error.message": "\(error)",
            ])
        }
        return apiError
    }
}
