import Crypto

/// How a request's body enters its signature: the SHA-256 of the bytes, or `UNSIGNED-PAYLOAD`.
public enum SigV4Payload: Sendable, Hashable {
    /// No body: the SHA-256 of zero bytes.
    case empty
    /// A body whose SHA-256 is this lowercase hex digest.
    case sha256(String)
    /// A body left out of the signature (`UNSIGNED-PAYLOAD`); S3 accepts it, and presigned URLs use it.
    case unsigned

    /// The SHA-256 of zero bytes, in lowercase hex.
    public static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// A body of these bytes, hashed now.
    public static func bytes(_ bytes: some Sequence<UInt8>) -> SigV4Payload {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return .sha256(Hex.encode(hasher.finalize()))
    }

    /// The last line of the canonical request and the value of `x-amz-content-sha256`.
    public var hashedValue: String {
        switch self {
        case .empty: Self.emptySHA256
        case .sha256(let digest): digest
        case .unsigned: "UNSIGNED-PAYLOAD"
        }
    }
}
