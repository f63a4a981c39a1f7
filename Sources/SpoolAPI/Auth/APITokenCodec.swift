import Crypto
import Foundation

/// Bearer token format `spl_<id>_<secret>`: a public id and 32 random bytes in base64url.
///
/// Only the SHA-256 (hex) of the whole token is stored, so a database leak reveals no credential.
enum APITokenCodec {
    /// Prefix of every Spool token.
    static let prefix = "spl_"

    /// A new token and its public id.
    static func generate() -> (id: String, token: String) {
        var generator = SystemRandomNumberGenerator()
        let idBytes = (0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let id = hex(idBytes)
        return (id, "\(prefix)\(id)_\(base64URL(secretBytes))")
    }

    /// Hex SHA-256 of the whole token text.
    static func hash(_ token: String) -> String {
        hex(Array(SHA256.hash(data: Array(token.utf8))))
    }

    /// Whether `token` has the shape of a Spool token (checked before any lookup).
    static func isWellFormed(_ token: String) -> Bool {
        // Byte checks: this runs on every request, and Character properties are slow.
        let bytes = token.utf8
        let prefixBytes = prefix.utf8
        guard bytes.count == prefixBytes.count + 16 + 1 + 43, bytes.starts(with: prefixBytes) else { return false }
        var index = 0
        for byte in bytes.dropFirst(prefixBytes.count) {
            defer { index += 1 }
            switch index {
            case 0..<16:
                guard (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte) else { return false }
            case 16:
                guard byte == UInt8(ascii: "_") else { return false }
            default:
                let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                guard isAlphanumeric || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") else { return false }
            }
        }
        return true
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
