import Crypto
import Foundation
import SpoolCore

/// Standard Webhooks signatures: `v1,` and the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`
/// keyed with the secret's bytes (the base64 after `whsec_`).
public enum WebhookSigner {
    /// The `webhook-signature` value for one attempt.
    ///
    /// - Throws: ``SpoolError`` `.invalidInput` when `secret` is not a `whsec_` secret.
    public static func signature(messageID: String, timestamp: Int, body: String, secret: String) throws -> String {
        let key = SymmetricKey(data: try WebhookSecret.key(of: secret))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(messageID).\(timestamp).\(body)".utf8), using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The headers of one attempt: `webhook-id`, `webhook-timestamp` (unix seconds) and
    /// `webhook-signature`.
    public static func headers(messageID: String, timestamp: Int, body: String, secret: String) throws -> [(name: String, value: String)] {
        [
            ("webhook-id", messageID),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", try signature(messageID: messageID, timestamp: timestamp, body: body, secret: secret)),
        ]
    }
}
