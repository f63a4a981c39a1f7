import Foundation

/// Standard Webhooks secrets: `whsec_` followed by the base64 of 24 to 64 random bytes.
public enum WebhookSecret {
    /// The prefix of every secret.
    public static let prefix = "whsec_"

    /// A new secret of 32 random bytes.
    public static func generate() -> String {
        prefix + Data(RandomText.bytes(32)).base64EncodedString()
    }

    /// The key bytes of `secret` (the base64 after `whsec_`).
    ///
    /// - Throws: ``SpoolError`` `.invalidInput` when the secret is not `whsec_` + base64 of 24–64 bytes.
    public static func key(of secret: String) throws -> [UInt8] {
        guard secret.hasPrefix(prefix), let data = Data(base64Encoded: String(secret.dropFirst(prefix.count))), (24...64).contains(data.count) else {
            throw SpoolError(.invalidInput, "a webhook secret is 'whsec_' followed by the base64 of 24 to 64 bytes")
        }
        return Array(data)
    }
}
