import Foundation

/// Object storage behind named targets (S3-compatible buckets): what the UPLOAD stage, file
/// delivery, deletions and the orphan sweep need. Objects are named by ``ObjectLocation``s; a job
/// keeps them as `s3://bucket/key` paths.
///
/// Failures throw ``SpoolError``: `storage_error` for what the bucket answered (its code and
/// message in the text), `invalid_input` for a link longer than 7 days, `not_found` for a bucket
/// no target names.
public protocol ObjectStorage: Sendable {
    /// The configured targets and the default one.
    var targets: StorageTargets { get }

    /// Where a file at `relativePath` below the library root goes on `target`: the target's
    /// bucket, and the path under the target's prefix.
    func location(of relativePath: String, on target: String) throws -> ObjectLocation

    /// Whether `target` keeps the local copy after an upload (`S3_KEEP_LOCAL`).
    func keepsLocalCopy(on target: String) -> Bool

    /// The object's size, or nil when there is no such object.
    func size(of location: ObjectLocation) async throws -> Int64?

    /// Uploads the local `file` as `location` and verifies it (size, and the checksum S3 computed);
    /// multipart above the threshold, resuming the unfinished upload `resumingUploadID` when given.
    /// - Parameters:
    ///   - uploadStarted: Hears a new multipart upload's id before any part is sent: store it to resume.
    ///   - progress: Hears the bytes stored so far; called often, from several tasks.
    func upload(
        _ file: String, to location: ObjectLocation, contentType: String?, resumingUploadID: String?,
        uploadStarted: @escaping @Sendable (String) async throws -> Void,
        progress: @escaping @Sendable (ObjectUploadProgress) -> Void
    ) async throws -> ObjectUploadResult

    /// Abandons an unfinished multipart upload (its parts are freed).
    func abortUpload(_ uploadID: String, at location: ObjectLocation) async throws

    /// Deletes an object (no error when it is already gone).
    func delete(_ location: ObjectLocation) async throws

    /// A URL that fetches the object with a plain GET for `validity` (1 s to 7 days), answering with
    /// `fileName` in its `Content-Disposition` (`attachment` to save it, else `inline`).
    func presignedURL(for location: ObjectLocation, validFor validity: Duration, fileName: String, attachment: Bool) throws -> URL

    /// The multipart uploads on every target begun before `date` (left by crashes or cancels),
    /// aborted unless `dryRun`.
    func abandonedUploads(before date: Date, dryRun: Bool) async throws -> [AbandonedUpload]
}

/// How far an upload is.
public struct ObjectUploadProgress: Sendable, Hashable {
    /// The file's size.
    public var totalBytes: Int64
    /// Bytes the bucket has stored (finished parts, parts kept from an earlier run included).
    public var storedBytes: Int64
    /// Bytes sent by this run, finished or not.
    public var sentBytes: Int64

    /// Creates progress.
    public init(totalBytes: Int64, storedBytes: Int64, sentBytes: Int64) {
        self.totalBytes = totalBytes
        self.storedBytes = storedBytes
        self.sentBytes = sentBytes
    }
}

/// A finished, verified upload.
public struct ObjectUploadResult: Sendable, Hashable {
    /// The object's size (equal to the file's).
    public var size: Int64
    /// The object's ETag.
    public var etag: String
    /// Parts in all (1 for a single PUT).
    public var partCount: Int
    /// Parts an earlier run had stored, kept rather than sent again.
    public var reusedParts: Int
    /// Bytes this run sent.
    public var sentBytes: Int64

    /// Creates a result.
    public init(size: Int64, etag: String, partCount: Int, reusedParts: Int, sentBytes: Int64) {
        self.size = size
        self.etag = etag
        self.partCount = partCount
        self.reusedParts = reusedParts
        self.sentBytes = sentBytes
    }
}

/// An unfinished multipart upload found by the orphan sweep.
public struct AbandonedUpload: Sendable, Hashable {
    /// Where it was going.
    public var location: ObjectLocation
    /// Its id.
    public var uploadID: String
    /// When it began, when the bucket said.
    public var initiated: Date?

    /// Creates a description.
    public init(location: ObjectLocation, uploadID: String, initiated: Date?) {
        self.location = location
        self.uploadID = uploadID
        self.initiated = initiated
    }
}
