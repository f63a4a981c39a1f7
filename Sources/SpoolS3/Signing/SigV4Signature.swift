/// A request signed for the `Authorization` header, with the intermediate strings SigV4 defines
/// (so they can be checked against AWS's published test vectors).
public struct SigV4Signature: Sendable {
    /// The canonical request (task 1 of SigV4).
    public var canonicalRequest: String
    /// The string to sign (task 2).
    public var stringToSign: String
    /// The signature, 64 lowercase hex characters (task 3).
    public var signature: String
    /// The `Authorization` header's value (task 4).
    public var authorization: String
    /// The headers to send: the request's own, those signing added (`x-amz-date`,
    /// `x-amz-content-sha256`, `x-amz-security-token`) and `Authorization`.
    public var headers: [(name: String, value: String)]
}
