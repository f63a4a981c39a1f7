import Hummingbird

/// Refuses requests whose `Host` is not on the ``HostAllowList`` with `403 forbidden`, naming
/// `ALLOWED_HOSTS`. The health check is exempt (load balancers probe it by any name).
struct HostAllowListMiddleware<Context: RequestContext>: RouterMiddleware {
    let hosts: HostAllowList

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard hosts.allows(request.head.authority) || request.uri.path == "/healthz" || request.uri.path == "/api/health" else {
            let shown = String((request.head.authority ?? "").prefix(100))
            context.logger.notice("refused Host", metadata: ["http.host": .string(shown)])
            throw APIError(
                .forbidden, code: .forbidden,
                message: "host not allowed: the Host header '\(shown)' does not name this server; add the name to ALLOWED_HOSTS"
            )
        }
        return try await next(request, context)
    }
}
