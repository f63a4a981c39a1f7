/// The server-wide guard against DNS rebinding: the `Host` header must name this server.
///
/// Off while no name is configured (`ALLOWED_HOSTS` unset: every `Host` passes, as before).
/// Once names are listed, `localhost`, every IP literal, the bind address and the listed names
/// (`*` wildcards allowed) pass, and anything else — a rebinding attacker's domain — is refused.
struct HostAllowList: Sendable {
    /// Lowercased patterns; empty turns the check off.
    let patterns: [String]

    /// Creates the list.
    /// - Parameters:
    ///   - names: Allowed names (`spool.example.com`, `*.lan`).
    ///   - bindHost: The address the server binds, allowed too unless a wildcard address.
    init(names: [String], bindHost: String? = nil) {
        var patterns = names.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if !patterns.isEmpty, let bind = bindHost?.lowercased(), !bind.isEmpty, bind != "0.0.0.0", bind != "::" {
            patterns.append(bind)
        }
        self.patterns = patterns
    }

    /// Whether the check is on.
    var isEnabled: Bool { !patterns.isEmpty }

    /// Whether a request with this `Host` (or `:authority`) value may be served.
    func allows(_ header: String?) -> Bool {
        guard isEnabled else { return true }
        guard let header, let name = TransmissionHostFilter.hostName(header) else { return false }
        if name == "localhost" || name == "localhost." || name.hasSuffix(".localhost") || TransmissionHostFilter.isIPLiteral(name) { return true }
        return patterns.contains { TransmissionHostFilter.matches(name, pattern: $0) }
    }
}
