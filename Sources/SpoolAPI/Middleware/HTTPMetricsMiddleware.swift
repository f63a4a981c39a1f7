import Hummingbird
import Logging
import SpoolQueue

/// Records `spool_http_requests_total` and `spool_http_request_duration_seconds` and logs each
/// request (path only: query strings may carry tokens).
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let status: Int
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            finish(request, context: context, status: status, start: start)
            return response
        } catch {
            status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            finish(request, context: context, status: status, start: start)
            throw error
        }
    }

    private func finish(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        metrics.finishRequest(
            method: request.method.rawValue, path: request.uri.path, route: Self.routeLabel(context.endpointPath), status: status,
            duration: ContinuousClock.now - start, logger: context.logger
        )
    }

    /// The route pattern with `{name}` placeholders; unmatched requests share one label.
    static func routeLabel(_ endpointPath: String?) -> String {
        switch endpointPath {
        case nil, "NotFound": "unmatched"
        case "FileMiddleware": "static"
        case let path?:
            path.utf8.contains(UInt8(ascii: ":")) ? path.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/") : path
        }
    }
}
