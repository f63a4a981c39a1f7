import Synchronization
import SpoolCore

/// What one audited request tells ``AuditMiddleware`` about itself: the caller (filled in when
/// ``AuthMiddleware`` stores it in the context) and whatever a route adds — the id of what it
/// created, a more precise action, a little detail.
///
/// Shared by reference between the middleware and the route, because the context the route sees
/// is a copy of the middleware's.
final class AuditTrail: Sendable {
    private struct State {
        var identity: AuthenticatedUser?
        var actor: AuditActor?
        var action: String?
        var targetID: String?
        var detail: [String: JSONValue] = [:]
        var skip = false
    }

    private let state = Mutex(State())

    /// The authenticated caller.
    var identity: AuthenticatedUser? {
        get { state.withLock { $0.identity } }
        set { state.withLock { $0.identity = newValue } }
    }

    /// Names the actor when there is no authenticated caller (a login).
    func setActor(_ actor: AuditActor) {
        state.withLock { $0.actor = actor }
    }

    /// Replaces the action derived from the route (`user.disable` for a `PATCH` that disables).
    func setAction(_ action: String) {
        state.withLock { $0.action = action }
    }

    /// The id of the target, when the route made it (the new job's id).
    func setTarget(id: String) {
        state.withLock { $0.targetID = id }
    }

    /// The id of the target, unless the route already gave one.
    func setTargetIfUnset(id: String) {
        state.withLock { if $0.targetID == nil { $0.targetID = id } }
    }

    /// Adds context to the entry; never a password or a token.
    func note(_ key: String, _ value: JSONValue) {
        state.withLock { $0.detail[key] = value }
    }

    /// Records nothing for this request (it changed nothing).
    func skip() {
        state.withLock { $0.skip = true }
    }

    /// What the route added: the actor (caller or named), an action override, target id, detail, skip.
    var snapshot: (actor: AuditActor?, action: String?, targetID: String?, detail: [String: JSONValue], skip: Bool) {
        state.withLock { state in
            let actor = state.identity.map { AuditActor.user($0.user) } ?? state.actor
            return (actor, state.action, state.targetID, state.detail, state.skip)
        }
    }
}
