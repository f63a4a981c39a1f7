/// A part of a multipart upload that S3 holds.
public struct S3UploadedPart: Sendable, Hashable {
    /// The part number, 1…10,000.
    public var partNumber: Int
    /// The part's ETag, unquoted (the MD5 of its bytes on most servers).
    public var etag: String
    /// Its size in bytes.
    public var size: Int64

    /// A stored part.
    public init(partNumber: Int, etag: String, size: Int64) {
        self.partNumber = partNumber
        self.etag = etag
        self.size = size
    }
}
