import Hummingbird

/// The audit action and target of a mutating API route, derived from its method and pattern so a
/// new route is audited without being listed anywhere.
///
/// The resource is the first segment after `/api` (and `v1`), singular (`jobs` → `job`,
/// `processing/profiles` → `processing_profile`); the verb is the literal segments after its first
/// parameter (`pause`, `media.retry`), followed by one from the method when the path ends in a
/// parameter or has no such segment: `POST` → `create`, `PUT`/`PATCH` → `update`, `DELETE` →
/// `delete` (`job.delete`, `source.media.update`). The target is the resource with the value of its
/// first parameter. A few routes have their own names (``overrides``).
struct AuditAction: Sendable, Hashable {
    /// The dotted action (`job.pause`).
    var name: String
    /// The kind of thing acted on (`job`).
    var targetKind: String
    /// The name of the route parameter holding the target's id (`id`), if any.
    var targetParameter: String?
    /// The names of further parameters, kept in the entry's detail (`mediaId`).
    var otherParameters: [String]

    /// Routes whose derived name is not the clearest, by `METHOD pattern` (pattern with `{}`).
    static let overrides: [String: String] = [
        "POST /api/auth/login": "auth.login",
        "DELETE /api/tokens/{id}": "token.revoke",
        "POST /api/users/{id}/password": "user.password_reset",
        "POST /api/retention": "retention.apply",
        "POST /api/sources/{id}/retention": "source.retention.apply",
    ]

    /// `POST` routes that change nothing and are not audited.
    static let readOnly: Set<String> = ["POST /api/sources/preview"]

    /// The action of a request to a route, or nil when it is not audited (reads, routes outside
    /// `/api`, read-only `POST`s).
    ///
    /// - Parameters:
    ///   - method: The request's method.
    ///   - route: The matched route pattern (`/api/jobs/:id/pause` or `/api/jobs/{id}/pause`).
    static func of(method: HTTPRequest.Method, route: String) -> AuditAction? {
        guard method != .get, method != .head, method != .options else { return nil }
        let segments = route.split(separator: "/").map { segment -> String in
            if segment.hasPrefix(":") { return "{\(segment.dropFirst())}" }
            return String(segment)
        }
        guard segments.first == "api", segments.count >= 2 else { return nil }
        let key = "\(method.rawValue) /\(segments.joined(separator: "/"))"
        guard !readOnly.contains(key) else { return nil }
        var rest = segments.dropFirst()
        if rest.first == "v1" { rest = rest.dropFirst() }
        guard let first = rest.first, !first.hasPrefix("{") else { return nil }
        rest = rest.dropFirst()
        var kind = singular(first)
        if first == "processing", rest.first == "profiles" {
            kind = "processing_profile"
            rest = rest.dropFirst()
        }
        var parameters: [String] = []
        var verbs: [String] = []
        for segment in rest {
            if segment.hasPrefix("{") {
                parameters.append(String(segment.dropFirst().dropLast()))
            } else {
                verbs.append(segment)
            }
        }
        // A path ending in a parameter acts on that thing: the method says how.
        if verbs.isEmpty || rest.last?.hasPrefix("{") == true { verbs.append(methodVerb(method)) }
        let verb = verbs.joined(separator: ".")
        let name = overrides[key] ?? "\(kind).\(verb)"
        return AuditAction(name: name, targetKind: kind, targetParameter: parameters.first, otherParameters: Array(parameters.dropFirst()))
    }

    private static func singular(_ word: String) -> String {
        if word.hasSuffix("ches") { return String(word.dropLast(2)) }
        if word.hasSuffix("s") { return String(word.dropLast()) }
        return word
    }

    private static func methodVerb(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .post: "create"
        case .put, .patch: "update"
        case .delete: "delete"
        default: method.rawValue.lowercased()
        }
    }
}
