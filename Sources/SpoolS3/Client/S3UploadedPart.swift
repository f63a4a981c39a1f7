/// A part of a multipart upload that S3 holds.
public struct S3UploadedPart: Sendable, Hashable {
    /// The part number, 1…10,000.
    public var partNumber: Int
    /// The part's ETag, unquoted (the MD5 of its bytes on most servers).
    public var etag: String
    /// Its size in bytes.
    public var size: Int64
    /// Its CRC-32, base64, when it was sent with one (and the server reports it).
    public var checksumCRC32: String?

    /// A stored part.
    public init(partNumber: Int, etag: String, size: Int64, checksumCRC32: String? = nil) {
        self.partNumber = partNumber
        self.etag = etag
        self.size = size
        self.checksumCRC32 = checksumCRC32
    }
}
