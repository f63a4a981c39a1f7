import SpoolS3

/// One object-storage target: a name jobs refer to, the bucket's client, the key prefix, and
/// whether local copies stay after an upload.
public struct S3Target: Sendable {
    /// The name jobs, profiles and `STORAGE_TARGET` use (`s3` for the `S3_*` settings).
    public let name: String
    /// The client that uploads, reads and deletes.
    public let client: S3Client
    /// The client whose presigned URLs are handed out: the same bucket through the endpoint
    /// browsers reach (`S3_PUBLIC_ENDPOINT`), else ``client``.
    public let linkClient: S3Client
    /// Prepended to every key (`videos/`); empty for none.
    public let prefix: String
    /// Whether the local copy stays in the library after a verified upload.
    public let keepLocal: Bool
    /// Part size, multipart threshold and parallelism of uploads.
    public let uploads: MultipartUploader.Configuration

    /// Creates a target; `prefix` gets a trailing `/` when it has none.
    public init(
        name: String, client: S3Client, linkClient: S3Client? = nil, prefix: String = "", keepLocal: Bool = false,
        uploads: MultipartUploader.Configuration = .init()
    ) {
        self.name = name
        self.client = client
        self.linkClient = linkClient ?? client
        var prefix = prefix
        while prefix.hasPrefix("/") { prefix.removeFirst() }
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        self.keepLocal = keepLocal
        self.uploads = uploads
    }

    /// The bucket.
    public var bucket: String { client.bucket }
}
