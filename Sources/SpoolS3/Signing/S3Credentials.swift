/// The keys a request is signed with: an access key id, its secret, and for temporary credentials
/// (AWS STS) a session token.
public struct S3Credentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key id, e.g. `AKIAIOSFODNN7EXAMPLE`.
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `x-amz-security-token`.
    public var sessionToken: String?

    /// Credentials from an access key id, its secret, and an optional session token.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The access key id only: the secret and the token never appear in logs.
    public var description: String {
        "S3Credentials(\(accessKeyID)\(sessionToken == nil ? "" : ", session token"))"
    }
}
