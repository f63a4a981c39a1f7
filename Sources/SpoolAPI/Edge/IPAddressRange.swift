import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address range in CIDR notation (`10.0.0.0/8`, `fd00::/8`), or one address.
struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    /// A text that is neither an address nor a CIDR range.
    struct ParseError: Error, CustomStringConvertible {
        /// The text.
        let text: String
        /// Why it was refused.
        var description: String { "'\(text)' is not an IP address or CIDR range (like 10.0.0.0/8 or ::1)" }
    }

    /// The network's address bytes (4 or 16).
    let network: [UInt8]
    /// Leading bits that must match.
    let prefixLength: Int

    /// Parses `address` or `address/prefix`.
    init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = Self.bytes(of: first) else { throw ParseError(text: text) }
        let length: Int
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...(bytes.count * 8)).contains(parsed) else { throw ParseError(text: text) }
            length = parsed
        } else {
            length = bytes.count * 8
        }
        network = bytes
        prefixLength = length
    }

    /// Whether `address` (IPv4 or IPv6 text) is in the range; an IPv4-mapped IPv6 address
    /// (`::ffff:10.1.2.3`) counts as its IPv4 address.
    func contains(_ address: String) -> Bool {
        guard var bytes = Self.bytes(of: address) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if bytes[index] & mask != network[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// `network/prefix`.
    var description: String { "\(network.map(String.init).joined(separator: network.count == 4 ? "." : ":"))/\(prefixLength)" }

    /// The bytes of an IPv4 (4) or IPv6 (16) address; nil for other text.
    static func bytes(of address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
