import Foundation

/// What `HEAD` tells about an object.
public struct S3ObjectInfo: Sendable, Hashable {
    /// The object's key.
    public var key: String
    /// Its size in bytes (`Content-Length`).
    public var size: Int64
    /// Its ETag without quotes: the MD5 of a single-PUT object, `<md5 of part md5s>-<parts>` of a
    /// multipart one (see ``S3ETag``).
    public var etag: String
    /// `Last-Modified`.
    public var lastModified: Date?
    /// `Content-Type`.
    public var contentType: String?
    /// User metadata: the `x-amz-meta-*` headers, names without the prefix, lowercased.
    public var metadata: [String: String]
    /// The CRC-32 S3 stored (`x-amz-checksum-crc32`, base64; `…-<parts>` for a multipart object on
    /// AWS); nil when the object was stored without one or the server does not report it.
    public var checksumCRC32: String?

    /// Object facts.
    public init(
        key: String, size: Int64, etag: String, lastModified: Date?, contentType: String?, metadata: [String: String], checksumCRC32: String? = nil
    ) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.metadata = metadata
        self.checksumCRC32 = checksumCRC32
    }
}
