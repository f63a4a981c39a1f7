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
        guard token.hasPrefix(prefix), token.utf8.count <= 128 else { return false }
        let rest = token.dropFirst(prefix.count)
        guard let separator = rest.firstIndex(of: "_") else { return false }
        let id = rest[..<separator]
        let secret = rest[rest.index(after: separator)...]
        return id.count == 16 && id.allSatisfy(\.isHexDigit)
            && secret.count == 43 && secret.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
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
