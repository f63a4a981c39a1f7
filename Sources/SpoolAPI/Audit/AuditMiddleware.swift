import Foundation
import Hummingbird
import SpoolCore

/// Records every mutating `/api` call in the audit log, in one place: the action and target come
/// from the matched route (``AuditAction``), the actor from the authenticated caller, and the
/// route may add the id of what it created or a more precise action through the request's
/// ``AuditTrail``.
///
/// Recorded: calls that succeed (status below 400), calls refused with `403` to an authenticated
/// caller (`denied`), and failed logins (`auth.login_failed`, with the name tried, never the
/// password). Other failures (bad input, unknown ids) change nothing and are not recorded.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = SpoolRequestContext

    let log: AuditLog
    /// Names the caller of a refused request when the refusal came before it was stored in the context.
    let auth: AuthService
    /// Who the client is (the peer, or `X-Forwarded-For` behind a trusted proxy).
    let clients: ClientAddressResolver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard log.store != nil, request.method != .get, request.method != .head,
              let route = context.endpointPath, let action = AuditAction.of(method: request.method, route: route)
        else { return try await next(request, context) }
        let trail = AuditTrail()
        var context = context
        context.audit = trail
        do {
            let response = try await next(request, context)
            if response.status.code < 400 {
                if let created = Self.createdID(response, route: route) { trail.setTargetIfUnset(id: created) }
                await record(action, trail: trail, outcome: .success, request: request, context: context)
            } else if response.status == .forbidden {
                await record(action, trail: trail, outcome: .denied, request: request, context: context)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status
            if status == .forbidden {
                await record(action, trail: trail, outcome: .denied, request: request, context: context)
            } else if status == .unauthorized, action.name == "auth.login" {
                var failed = action
                failed.name = "auth.login_failed"
                await record(failed, trail: trail, outcome: .failure, request: request, context: context)
            }
            throw error
        }
    }

    /// The id of what a `201` created, from its `Location` (`/api/jobs/{id}` for `/api/jobs`):
    /// the segment right after the route's own.
    static func createdID(_ response: Response, route: String) -> String? {
        guard response.status == .created, let location = response.headers[.location] else { return nil }
        let routeSegments = route.split(separator: "/")
        let segments = location.split(separator: "?").first?.split(separator: "/") ?? []
        guard segments.count > routeSegments.count, Array(segments.prefix(routeSegments.count)) == routeSegments else { return nil }
        return String(segments[routeSegments.count].prefix(128))
    }

    private func record(_ action: AuditAction, trail: AuditTrail, outcome: AuditOutcome, request: Request, context: Context) async {
        if outcome == .denied, trail.identity == nil, let token = AuthMiddleware<Context>.token(in: request) {
            trail.identity = try? await auth.authenticate(token)
        }
        let noted = trail.snapshot
        guard !noted.skip, let actor = noted.actor else { return }
        var detail = noted.detail
        for name in action.otherParameters {
            if let value = context.parameters.get(name) { detail[name] = .string(String(value.prefix(128))) }
        }
        let id = action.targetParameter.flatMap { context.parameters.get($0) }.map { String($0.prefix(128)) } ?? noted.targetID
        let target: AuditTarget? = id.map { AuditTarget(kind: action.targetKind, id: $0) }
            ?? (action.targetKind == "auth" ? nil : AuditTarget(kind: action.targetKind))
        await log.record(AuditEntry(
            actor: actor, clientAddress: clients.client(peer: context.clientAddress, headers: request.headers),
            action: noted.action ?? action.name, target: target, outcome: outcome, detail: detail.isEmpty ? nil : detail
        ))
    }
}
