/// A request signed in its query string (a presigned URL): the `X-Amz-*` parameters, the signature,
/// and the intermediate strings.
public struct SigV4PresignedQuery: Sendable {
    /// The canonical request, with the `X-Amz-*` parameters (except the signature) in its query.
    public var canonicalRequest: String
    /// The string to sign.
    public var stringToSign: String
    /// The signature, 64 lowercase hex characters.
    public var signature: String
    /// The percent-encoded query to put after `?`: the canonical query, then `X-Amz-Signature`.
    public var encodedQuery: String
}
