import Foundation

/// A multipart upload that was created and neither completed nor aborted.
public struct S3MultipartUploadSummary: Sendable, Hashable {
    /// The key it will create.
    public var key: String
    /// Its upload id.
    public var uploadID: String
    /// When it was created.
    public var initiated: Date?

    /// An open upload.
    public init(key: String, uploadID: String, initiated: Date?) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}
