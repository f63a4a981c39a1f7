import Foundation

/// One object of a listing.
public struct S3ObjectSummary: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The size in bytes.
    public var size: Int64
    /// The ETag, unquoted.
    public var etag: String
    /// When it was last written.
    public var lastModified: Date?

    /// A listed object.
    public init(key: String, size: Int64, etag: String, lastModified: Date?) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}
