import Foundation

/// The body of `GET /api/jobs/{id}/file-link`: a short-lived link to a job's finished file.
public struct FileLinkResponse: Sendable, Codable, Hashable {
    /// Path and query of the link (`/api/files/{id}?expires=…&signature=…`); works without a token.
    public var url: String
    /// When the link stops working.
    public var expiresAt: Date
    /// The file's name.
    public var fileName: String
    /// The file's size in bytes.
    public var size: Int64
    /// The file's media type (`video/mp4`, …).
    public var contentType: String

    /// Creates a response.
    public init(url: String, expiresAt: Date, fileName: String, size: Int64, contentType: String) {
        self.url = url
        self.expiresAt = expiresAt
        self.fileName = fileName
        self.size = size
        self.contentType = contentType
    }
}
