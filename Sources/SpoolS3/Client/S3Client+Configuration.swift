import Foundation

extension S3Client {
    /// Where the bucket is and how to reach it.
    public struct Configuration: Sendable {
        /// How the bucket appears in a request's URL.
        public enum Addressing: Sendable, Hashable {
            /// `https://endpoint/bucket/key`: works with any endpoint, an IP address included (MinIO, moto).
            case pathStyle
            /// `https://bucket.endpoint/key`: AWS's default; needs a DNS name for the endpoint.
            case virtualHosted
        }

        /// Whether a file's bytes are hashed into the signature (`x-amz-content-sha256`).
        public enum PayloadSigning: Sendable, Hashable {
            /// Signed over plain HTTP, `UNSIGNED-PAYLOAD` over HTTPS (TLS protects the bytes), as the AWS SDKs do.
            case automatic
            /// Always hashed: each file range is read twice (hash, then send).
            case signed
            /// Never hashed: `UNSIGNED-PAYLOAD`.
            case unsigned
        }

        /// The checksum sent with every file body so that S3 checks the bytes it stored.
        public enum Checksum: Sendable, Hashable {
            /// CRC-32 (`x-amz-checksum-crc32` on each PUT and part; multipart uploads created with
            /// `x-amz-checksum-algorithm: CRC32`): S3 refuses a body that does not match, and reports
            /// the object's checksum on `HEAD`, which the uploader compares. The AWS SDKs' default.
            case crc32
            /// None: for servers that refuse the checksum headers.
            case none
        }

        /// The service's base URL, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`.
        public var endpoint: URL
        /// The region requests are signed for (`us-east-1` for most S3-compatible servers).
        public var region: String
        /// The bucket every operation works in.
        public var bucket: String
        /// Path-style or virtual-hosted URLs.
        public var addressing: Addressing
        /// The keys requests are signed with.
        public var credentials: S3Credentials
        /// Whether file uploads are hashed into the signature.
        public var payloadSigning: PayloadSigning
        /// The checksum sent with file bodies.
        public var checksum: Checksum
        /// The longest one request may take, body included.
        public var requestTimeout: Duration

        /// A configuration; path-style addressing and `us-east-1` unless told otherwise.
        public init(
            endpoint: URL, region: String = "us-east-1", bucket: String, addressing: Addressing = .pathStyle,
            credentials: S3Credentials, payloadSigning: PayloadSigning = .automatic, checksum: Checksum = .crc32,
            requestTimeout: Duration = .seconds(600)
        ) {
            self.endpoint = endpoint
            self.region = region
            self.bucket = bucket
            self.addressing = addressing
            self.credentials = credentials
            self.payloadSigning = payloadSigning
            self.checksum = checksum
            self.requestTimeout = requestTimeout
        }

        /// Whether file bodies get their SHA-256 in the signature under this configuration.
        var signsFilePayloads: Bool {
            switch payloadSigning {
            case .automatic: endpoint.scheme?.lowercased() != "https"
            case .signed: true
            case .unsigned: false
            }
        }
    }
}
