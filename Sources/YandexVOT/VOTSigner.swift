import Crypto
import Foundation

/// Signs VOT requests: lowercase hex HMAC-SHA256 with the service's fixed key (spec §3.1, §3.5).
///
/// The session's secret key is not a signing key; it is only echoed in a header.
public struct VOTSigner: Sendable {
    /// The key the Yandex Browser uses (ASCII bytes).
    public static let defaultKey = "bt8xH3VOlb4mqf0nqAibnDOoiPlXsisf"

    private let key: SymmetricKey

    /// Creates a signer for `key` (its UTF-8 bytes are the HMAC key).
    public init(key: String = VOTSigner.defaultKey) {
        self.key = SymmetricKey(data: Data(key.utf8))
    }

    /// The 64-character lowercase hex HMAC-SHA256 of `bytes`.
    public func signature(of bytes: some DataProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: bytes, using: key)
        return Self.hex(mac)
    }

    /// The `Sec-Vtrans-Token` value: `sign(token) + ":" + token` with `token = uuid:path:componentVersion`.
    ///
    /// - Parameters:
    ///   - uuid: The session's UUID.
    ///   - path: The request path exactly as sent, without host or query.
    ///   - componentVersion: The Yandex Browser version the client claims.
    public func token(uuid: String, path: String, componentVersion: String) -> String {
        let token = "\(uuid):\(path):\(componentVersion)"
        return signature(of: Array(token.utf8)) + ":" + token
    }

    /// A new session UUID: 32 uppercase hex digits, no dashes (spec §3.2).
    public static func makeUUID() -> String {
        let digits = Array("0123456789ABCDEF")
        return String((0..<32).map { _ in digits[Int.random(in: 0..<16)] })
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
