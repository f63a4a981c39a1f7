import Foundation

/// The DNS-rebinding guard of the Transmission RPC: the `Host` header must name this server.
///
/// Like Transmission, `localhost` (with or without the trailing dot) and every IP literal pass,
/// whatever the list says; so do the server's bind address and the configured names, which may
/// hold `*` wildcards. A missing `Host` is refused.
struct TransmissionHostFilter: Sendable {
    /// Lowercased patterns (names, `*` wildcards).
    let patterns: [String]

    /// Creates the filter from the configuration.
    init(_ configuration: TransmissionConfiguration) {
        var patterns = configuration.hostWhitelist.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if let bind = configuration.bindHost?.lowercased(), !bind.isEmpty, bind != "0.0.0.0", bind != "::" {
            patterns.append(bind)
        }
        self.patterns = patterns
    }

    /// Whether a request with this `Host` header value may use the RPC.
    func allows(_ header: String?) -> Bool {
        guard let header, let name = Self.hostName(header) else { return false }
        if name == "localhost" || name == "localhost." || Self.isIPLiteral(name) { return true }
        return patterns.contains { Self.matches(name, pattern: $0) }
    }

    /// The host name of a `Host` value, lowercased, without port or IPv6 brackets.
    static func hostName(_ header: String) -> String? {
        let value = header.trimmingCharacters(in: .whitespaces).lowercased()
        guard !value.isEmpty else { return nil }
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            return String(value[value.index(after: value.startIndex)..<close])
        }
        if let colon = value.lastIndex(of: ":") {
            // One colon: name:port. More: a bare IPv6 address (not valid in Host, taken as is).
            if value.firstIndex(of: ":") == colon { return String(value[..<colon]) }
        }
        return value
    }

    /// Whether `name` is an IPv4 or IPv6 literal.
    static func isIPLiteral(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ part in part.count <= 3 && !part.isEmpty && part.allSatisfy(\.isASCIIDigit) && Int(part)! <= 255 }) {
            return true
        }
        return name.contains(":") && name.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    /// Glob match with `*` standing for any run of characters.
    static func matches(_ name: String, pattern: String) -> Bool {
        let text = Array(name.utf8)
        let glob = Array(pattern.utf8)
        var t = 0, g = 0, star = -1, mark = 0
        while t < text.count {
            if g < glob.count, glob[g] == UInt8(ascii: "*") {
                star = g
                mark = t
                g += 1
            } else if g < glob.count, glob[g] == text[t] {
                g += 1
                t += 1
            } else if star >= 0 {
                g = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == UInt8(ascii: "*") { g += 1 }
        return g == glob.count
    }
}

extension Character {
    /// An ASCII digit 0–9.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
