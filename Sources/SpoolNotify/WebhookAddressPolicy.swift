import Foundation
import SpoolCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which webhook targets Spool refuses (server-side request forgery): link-local addresses
/// (169.254.0.0/16, fe80::/10, where cloud metadata services live), the known metadata addresses
/// (169.254.169.254, fd00:ec2::254, 100.100.100.200), "this host" (0.0.0.0/8, ::) and broadcast.
/// With ``Configuration/blockPrivate`` also loopback and private networks (127/8, ::1, 10/8,
/// 172.16/12, 192.168/16, 100.64/10, fc00::/7).
///
/// Loopback and LAN targets are allowed by default: a self-hosted Spool usually notifies services
/// beside it (Home Assistant, a chat bridge, n8n). Hosts in ``Configuration/allowedHosts`` skip
/// every check. A host name is checked on every address it resolves to, at creation and before
/// each attempt.
public struct WebhookAddressPolicy: Sendable {
    /// What is allowed.
    public struct Configuration: Sendable, Hashable {
        /// Host names or addresses that are always allowed (WEBHOOK_ALLOWED_HOSTS), lowercase.
        public var allowedHosts: Set<String>
        /// Refuse loopback and private networks too (WEBHOOK_BLOCK_PRIVATE).
        public var blockPrivate: Bool

        /// Creates settings.
        public init(allowedHosts: Set<String> = [], blockPrivate: Bool = false) {
            self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
            self.blockPrivate = blockPrivate
        }
    }

    /// The settings.
    public let configuration: Configuration

    /// Creates a policy.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// What the policy says about a target.
    public enum Verdict: Sendable, Hashable {
        /// Every address it resolves to is allowed (or the host is in the allowed list).
        case allowed
        /// It is, or resolves to, a forbidden address: the message says which and why.
        case refused(String)
        /// Its host does not resolve now (a name that may resolve later): not refused, not sendable.
        case unresolved(String)
    }

    /// Refuses `url` when its host (or an address it resolves to) is forbidden. A host that does
    /// not resolve now passes: it is checked again before every delivery.
    ///
    /// - Throws: ``SpoolError`` `.invalidURL` naming the address and why.
    public func check(_ url: String) async throws {
        if case .refused(let message) = await evaluate(url) { throw SpoolError(.invalidURL, message) }
    }

    /// The verdict on `url`, after resolving its host.
    public func evaluate(_ url: String) async -> Verdict {
        guard let components = URLComponents(string: url), var host = components.host, !host.isEmpty else {
            return .refused("the webhook URL has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if configuration.allowedHosts.contains(host.lowercased()) { return .allowed }
        guard let addresses = await Self.resolve(host), !addresses.isEmpty else {
            return .unresolved("cannot resolve the webhook host \(host)")
        }
        for address in addresses {
            if let reason = refusal(of: address) {
                return .refused("webhook target \(host) (\(address.text)) is refused: \(reason); WEBHOOK_ALLOWED_HOSTS can allow it")
            }
        }
        return .allowed
    }

    /// Why `address` is refused, or nil when it is allowed.
    public func refusal(of address: IPAddress) -> String? {
        switch address {
        case .v4(let b):
            if b == [169, 254, 169, 254] || b == [100, 100, 100, 200] { return "a cloud metadata address" }
            if b[0] == 169, b[1] == 254 { return "a link-local address" }
            if b[0] == 0 { return "an unspecified address" }
            if b == [255, 255, 255, 255] { return "the broadcast address" }
            if configuration.blockPrivate {
                if b[0] == 127 { return "a loopback address (WEBHOOK_BLOCK_PRIVATE)" }
                if b[0] == 10 || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (64...127).contains(b[1])) {
                    return "a private address (WEBHOOK_BLOCK_PRIVATE)"
                }
            }
            return nil
        case .v6(let b):
            if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xFF, b[11] == 0xFF { return refusal(of: .v4(Array(b[12..<16]))) }
            if b == IPAddress.parse("fd00:ec2::254")?.bytes { return "a cloud metadata address" }
            if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return "a link-local address" }
            if b.allSatisfy({ $0 == 0 }) { return "an unspecified address" }
            if configuration.blockPrivate {
                if b[0..<15].allSatisfy({ $0 == 0 }), b[15] == 1 { return "a loopback address (WEBHOOK_BLOCK_PRIVATE)" }
                if b[0] & 0xFE == 0xFC { return "a private address (WEBHOOK_BLOCK_PRIVATE)" }
            }
            return nil
        }
    }

    /// The addresses `host` stands for: itself when it is an address, else what the resolver says
    /// (nil when it cannot say).
    static func resolve(_ host: String) async -> [IPAddress]? {
        if let address = IPAddress.parse(host) { return [address] }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_family = AF_UNSPEC
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var list: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(host, nil, &hints, &list)
                guard status == 0, let first = list else {
                    continuation.resume(returning: nil)
                    return
                }
                defer { freeaddrinfo(first) }
                var addresses: [IPAddress] = []
                var node: UnsafeMutablePointer<addrinfo>? = first
                while let current = node {
                    if let address = IPAddress(sockaddr: current.pointee.ai_addr) { addresses.append(address) }
                    node = current.pointee.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}
