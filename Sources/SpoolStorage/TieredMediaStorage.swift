import Foundation
import SpoolCore

/// ``MediaStorage`` over the local library and object storage: work folders and the library are
/// ``LocalMediaStorage``'s; a stored path of the form `s3://bucket/key` (a file the UPLOAD stage
/// moved to a bucket) is an object, linked by a presigned URL and deleted in its bucket.
public struct TieredMediaStorage: MediaStorage {
    /// Work folders and the library on disk.
    public let local: LocalMediaStorage
    /// The buckets.
    public let objects: any ObjectStorage

    /// Storage on `local`, with finished files possibly in `objects`.
    public init(local: LocalMediaStorage, objects: any ObjectStorage) {
        self.local = local
        self.objects = objects
    }

    /// The job's local work folder.
    public func workDirectory(for id: JobID) -> String { local.workDirectory(for: id) }

    /// Creates the job's local work folder.
    public func createWorkDirectory(for id: JobID, subfolder: String?) throws -> String {
        try local.createWorkDirectory(for: id, subfolder: subfolder)
    }

    /// Names of the files in a local work folder.
    public func fileNames(in directory: String) -> [String] { local.fileNames(in: directory) }

    /// Whether a local file exists; false for an object (the stages only look for local files).
    public func fileExists(_ path: String) -> Bool {
        ObjectLocation.isObjectPath(path) ? false : local.fileExists(path)
    }

    /// Writes a local work file.
    public func write(_ text: String, to path: String) throws { try local.write(text, to: path) }

    /// Puts a finished file into the local library (the UPLOAD stage moves it on).
    public func store(_ file: String, from workDirectory: String) throws -> StoredFile {
        try local.store(file, from: workDirectory)
    }

    /// Puts a side file beside the video in the local library.
    public func storeSideFile(_ file: SideFile, beside video: String) throws -> StoredFile {
        try local.storeSideFile(file, beside: video)
    }

    /// Copies a shared file into the local library.
    public func storeCopy(of file: String, at relativePath: String) throws -> StoredFile? {
        try local.storeCopy(of: file, at: relativePath)
    }

    /// Writes a document into the local library.
    public func writeDocument(_ text: String, at relativePath: String) throws {
        try local.writeDocument(text, at: relativePath)
    }

    /// Replaces a local library file.
    public func replace(_ existing: String, with replacement: String) throws -> StoredFile {
        try local.replace(existing, with: replacement)
    }

    /// The path below the library root of a local file; nil for an object.
    public func libraryRelativePath(of path: String) -> String? {
        ObjectLocation.isObjectPath(path) ? nil : local.libraryRelativePath(of: path)
    }

    /// Reads a local file; an object is not read through Spool (its link is a presigned URL).
    public func read(_ path: String, range: ClosedRange<Int64>?) throws -> StoredFileContent {
        if ObjectLocation.isObjectPath(path) {
            throw SpoolError(.invalidInput, "the file is in object storage; fetch it from its link")
        }
        return try local.read(path, range: range)
    }

    /// A presigned URL for an object, the library path of a local file.
    public func link(to path: String, validFor validity: Duration, attachment: Bool) throws -> StorageLink {
        guard let location = ObjectLocation(path: path) else {
            return try local.link(to: path, validFor: validity, attachment: attachment)
        }
        let url = try objects.presignedURL(for: location, validFor: validity, fileName: location.fileName, attachment: attachment)
        return .url(url.absoluteString, expiresAt: Date().addingTimeInterval(Double(validity.components.seconds)))
    }

    /// Deletes the job's local work folder.
    public func removeTemporaryFiles(for id: JobID) async throws {
        try await local.removeTemporaryFiles(for: id)
    }

    /// Deletes an object in its bucket, or a local file (only inside the library).
    public func removeOutput(path: String) async throws {
        if let location = ObjectLocation(path: path) {
            try await objects.delete(location)
        } else {
            try await local.removeOutput(path: path)
        }
    }

    /// Free bytes on the local media volume.
    public func freeBytes() throws -> Int64 { try local.freeBytes() }
}
