import Crypto
import Foundation
import SpoolCore

/// Signs and checks the short-lived links of ``JobFileController``.
///
/// A link names a job and an expiry time, and carries an HMAC-SHA256 of both under a key only the
/// deployment knows (shared by its gateways through Redis; one process's own in the embedded mode,
/// where a restart makes a new one). A `<video src>` cannot send an `Authorization` header, so the
/// signature stands in for the token: it grants reading one job's finished file until it expires,
/// and nothing else.
struct FileLinkSigner: Sendable {
    /// How long a link works.
    let lifetime: Duration
    private let key: SymmetricKey

    /// Creates a signer with a fresh random key.
    init(lifetime: Duration = .seconds(3600), key: SymmetricKey = SymmetricKey(size: .bits256)) {
        self.lifetime = lifetime
        self.key = key
    }

    /// Creates a signer with `keyBytes` as its key, or a fresh random one when nil.
    init(lifetime: Duration = .seconds(3600), keyBytes: [UInt8]?) {
        self.init(lifetime: lifetime, key: keyBytes.map { SymmetricKey(data: $0) } ?? SymmetricKey(size: .bits256))
    }

    /// A link for `id` expiring `lifetime` (the signer's own by default) after `now`: the path
    /// with its query, and the expiry.
    func link(for id: JobID, lifetime: Duration? = nil, now: Date = Date()) -> (path: String, expiresAt: Date) {
        let expires = Int64(now.timeIntervalSince1970.rounded(.down)) + (lifetime ?? self.lifetime).components.seconds
        let signature = Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Self.message(id, expires), using: key)))
        return ("/api/files/\(id.rawValue)?expires=\(expires)&signature=\(signature)", Date(timeIntervalSince1970: TimeInterval(expires)))
    }

    /// Whether `signature` was made by this signer for `id` and `expires`, and `expires` is still ahead.
    func isValid(id: JobID, expires: Int64, signature: String, now: Date = Date()) -> Bool {
        guard Double(expires) > now.timeIntervalSince1970, let mac = Self.decodeBase64URL(signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.message(id, expires), using: key)
    }

    private static func message(_ id: JobID, _ expires: Int64) -> Data {
        Data("spool-file-link\n\(id.rawValue)\n\(expires)".utf8)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: String) -> Data? {
        guard text.count <= 64 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
