import Foundation
import HTTPTypes

/// Who the client of a request is, for login throttling and logs.
///
/// The socket peer is the client, unless the peer is one of the trusted reverse proxies
/// (`TRUSTED_PROXIES`: addresses or CIDR ranges). Then `X-Forwarded-For` is read from the right:
/// hops that are trusted proxies themselves are skipped, and the first other address is the
/// client. Addresses a client wrote into the header itself sit further left and are never
/// reached, so a client cannot pick its own address. With no trusted proxies the header is ignored.
struct ClientAddressResolver: Sendable {
    /// The trusted proxies.
    let trustedProxies: [IPAddressRange]

    /// Creates a resolver; `trustedProxies` are addresses or CIDR ranges (`10.0.0.0/8`, `::1`).
    /// - Throws: ``IPAddressRange/ParseError`` for an entry that is neither.
    init(trustedProxies: [String]) throws {
        self.trustedProxies = try trustedProxies.map { try IPAddressRange(parsing: $0) }
    }

    /// The client's address for a request that came from `peer` with these headers.
    func client(peer: String, headers: HTTPFields) -> String {
        guard isTrusted(peer), let forwarded = headers[values: .xForwardedFor].joined(separator: ",").nilIfEmpty else { return peer }
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() {
            let address = Self.stripPort(hop)
            guard IPAddressRange.bytes(of: address) != nil else { return peer }
            if !isTrusted(address) { return address }
        }
        return hops.first.map(Self.stripPort) ?? peer
    }

    /// Whether `address` is one of the trusted proxies.
    func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// `1.2.3.4:567` → `1.2.3.4`, `[::1]:80` → `::1`; other text is returned as is.
    static func stripPort(_ hop: String) -> String {
        if hop.hasPrefix("["), let close = hop.firstIndex(of: "]") {
            return String(hop[hop.index(after: hop.startIndex)..<close])
        }
        if hop.filter({ $0 == ":" }).count == 1, let colon = hop.firstIndex(of: ":") {
            return String(hop[..<colon])
        }
        return hop
    }
}

extension String {
    /// nil for the empty string.
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
