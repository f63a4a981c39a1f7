/// Why an S3 operation failed: S3's own error (its `Code`, `Message` and the HTTP status), or one
/// found on this side (a refused presign expiry, a transport failure, an unreadable file, an upload
/// that does not verify). ``description`` is safe to show a user: it never holds a key or a secret.
public struct S3Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code: S3's `Code` element (`NoSuchBucket`), or one of this module's (`InvalidExpiry`).
    public var code: Code
    /// The HTTP status S3 answered with; nil when the request never got an answer.
    public var status: Int?
    /// A human message: S3's `Message`, or this module's explanation.
    public var message: String
    /// S3's request id, for a support case.
    public var requestID: String?
    /// The bucket or key concerned, when known.
    public var resource: String?

    /// An error with its parts.
    public init(code: Code, status: Int? = nil, message: String, requestID: String? = nil, resource: String? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.requestID = requestID
        self.resource = resource
    }

    /// `S3 NoSuchBucket (HTTP 404): The specified bucket does not exist [videos]`.
    public var description: String {
        var text = "S3 \(code.rawValue)"
        if let status { text += " (HTTP \(status))" }
        if !message.isEmpty { text += ": \(message)" }
        if let resource { text += " [\(resource)]" }
        return text
    }

    /// True for answers worth retrying: S3's 5xx and throttling codes, and transport failures.
    public var isTransient: Bool {
        if code == .transportFailure || code == .requestTimeout || code == .slowDown || code == .internalError { return true }
        if let status { return status >= 500 || status == 429 }
        return false
    }
}

extension S3Error {
    /// An S3 error code. S3's codes are open-ended; the common ones and this module's own have names.
    public struct Code: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The code as S3 (or this module) spells it.
        public var rawValue: String

        /// A code from its spelling.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A code from a literal.
        public init(stringLiteral value: String) { self.rawValue = value }

        /// The spelling.
        public var description: String { rawValue }

        // S3's codes (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
        /// The bucket does not exist (404).
        public static let noSuchBucket: Code = "NoSuchBucket"
        /// The key does not exist (404).
        public static let noSuchKey: Code = "NoSuchKey"
        /// The multipart upload does not exist: aborted, completed, or never created (404).
        public static let noSuchUpload: Code = "NoSuchUpload"
        /// The signature computed by S3 differs from the one sent: usually a wrong secret (403).
        public static let signatureDoesNotMatch: Code = "SignatureDoesNotMatch"
        /// The access key id is unknown (403).
        public static let invalidAccessKeyID: Code = "InvalidAccessKeyId"
        /// The credentials may not do this (403).
        public static let accessDenied: Code = "AccessDenied"
        /// A part other than the last is below 5 MiB (400).
        public static let entityTooSmall: Code = "EntityTooSmall"
        /// A part listed in the completion is missing or its ETag differs (400).
        public static let invalidPart: Code = "InvalidPart"
        /// The parts of the completion are not in ascending order (400).
        public static let invalidPartOrder: Code = "InvalidPartOrder"
        /// The bucket exists and belongs to someone else (409).
        public static let bucketAlreadyExists: Code = "BucketAlreadyExists"
        /// The bucket exists and is yours (409).
        public static let bucketAlreadyOwnedByYou: Code = "BucketAlreadyOwnedByYou"
        /// The range asked for is outside the object (416).
        public static let invalidRange: Code = "InvalidRange"
        /// S3 failed internally (500).
        public static let internalError: Code = "InternalError"
        /// S3 asks to slow down (503).
        public static let slowDown: Code = "SlowDown"
        /// The connection sat idle too long (400).
        public static let requestTimeout: Code = "RequestTimeout"
        /// A HEAD answered 404 (HEAD answers carry no body, hence no code).
        public static let notFound: Code = "NotFound"

        // This module's codes.
        /// A presigned URL was asked to live longer than 7 days (604,800 s) or less than 1 s.
        public static let invalidExpiry: Code = "InvalidExpiry"
        /// The client's configuration cannot work (no bucket, an endpoint without a host, …).
        public static let invalidConfiguration: Code = "InvalidConfiguration"
        /// The request never got an answer: connection refused, reset, timed out.
        public static let transportFailure: Code = "TransportFailure"
        /// S3 answered something this client cannot read.
        public static let invalidResponse: Code = "InvalidResponse"
        /// A local file could not be opened or read.
        public static let fileUnreadable: Code = "FileUnreadable"
        /// An uploaded object does not match the local file (size or part count).
        public static let verificationFailed: Code = "VerificationFailed"
    }
}
