import Foundation

/// Where a job's files live: its work folder while stages run, and the library for finished files
/// (the local filesystem in SpoolStorage, and, for files the UPLOAD stage moved there, objects in
/// S3-compatible buckets, named by `s3://bucket/key` paths).
///
/// Paths are strings the stages keep on the job (`outputPath`, artifacts); work-folder paths are
/// local, because the media tools read and write them. Failures throw ``SpoolError`` (`storage_error`,
/// `output_escapes_library`).
public protocol MediaStorage: JobFiles {
    /// The job's work folder (not created).
    func workDirectory(for id: JobID) -> String

    /// Creates the job's work folder, or `subfolder` inside it, and returns its path.
    func createWorkDirectory(for id: JobID, subfolder: String?) throws -> String

    /// Names of the files directly inside `directory` of a work folder, sorted; empty when there is none.
    func fileNames(in directory: String) -> [String]

    /// Whether a file exists at `path` (a work file or a stored one).
    func fileExists(_ path: String) -> Bool

    /// Writes `text` to `path` in a work folder, atomically.
    func write(_ text: String, to path: String) throws

    /// Puts `file` (inside `workDirectory`) into the library at the same relative path, atomically.
    /// An existing file is never overwritten: ` (1)`, ` (2)`, … is added before the extension.
    func store(_ file: String, from workDirectory: String) throws -> StoredFile

    /// Puts a side file of the stored `video` (its info.json, thumbnail, a subtitle, its NFO) from a
    /// work folder into the video's library folder, at ``SideFile/name`` resolved against the video's
    /// file name, atomically and never outside that folder. An existing file is never overwritten:
    /// ` (1)`, ` (2)`, … is added before the extension.
    func storeSideFile(_ file: SideFile, beside video: String) throws -> StoredFile

    /// Puts a copy of `file` (a work-folder or library file) at `relativePath` in the library, unless
    /// a file is there already (a source's `tvshow.nfo` or `poster.jpg`, shared by its videos).
    /// - Returns: the new file, or nil when one was there.
    func storeCopy(of file: String, at relativePath: String) throws -> StoredFile?

    /// Writes a small document Spool keeps up to date (a source's `metadata.json`) at `relativePath`
    /// in the library, replacing what is there, atomically and never outside the library.
    func writeDocument(_ text: String, at relativePath: String) throws

    /// Puts `replacement` (a finished file in a work folder) in place of the stored `existing`
    /// atomically: readers see the old file or the new one, never a half. When the extensions differ,
    /// the new file keeps its own and the old one is removed.
    func replace(_ existing: String, with replacement: String) throws -> StoredFile

    /// The path of a stored local file below the library root (`Show/Episode.mkv`); nil for a
    /// path outside the library or an object.
    func libraryRelativePath(of path: String) -> String?

    /// Reads a stored file, all of it or the bytes in `range` (a closed range of offsets).
    func read(_ path: String, range: ClosedRange<Int64>?) throws -> StoredFileContent

    /// A link a client can fetch the stored file from for `validity`: a library-relative path for
    /// local files (the API signs and serves it), a presigned URL for object storage (answering
    /// with the file's name, as an `attachment` to save it).
    func link(to path: String, validFor validity: Duration, attachment: Bool) throws -> StorageLink
}

extension MediaStorage {
    /// Creates the job's work folder and returns its path.
    public func createWorkDirectory(for id: JobID) throws -> String {
        try createWorkDirectory(for: id, subfolder: nil)
    }
}

/// A file in the library.
public struct StoredFile: Sendable, Hashable {
    /// Where it is (an absolute path for local storage, an object key otherwise).
    public var path: String
    /// Its path below the library root.
    public var relativePath: String
    /// Its size in bytes, when it could be read.
    public var size: Int64?

    /// Creates a description of a stored file.
    public init(path: String, relativePath: String, size: Int64?) {
        self.path = path
        self.relativePath = relativePath
        self.size = size
    }
}

/// Bytes of a stored file, streamed in chunks.
public struct StoredFileContent: Sendable {
    /// The whole file's size in bytes.
    public var size: Int64
    /// The offsets returned (all of them when no range was asked for; empty for an empty file).
    public var range: Range<Int64>
    /// The bytes, in order.
    public var chunks: AsyncThrowingStream<[UInt8], any Error>

    /// Creates content.
    public init(size: Int64, range: Range<Int64>, chunks: AsyncThrowingStream<[UInt8], any Error>) {
        self.size = size
        self.range = range
        self.chunks = chunks
    }
}

/// Where a client can fetch a stored file from.
public enum StorageLink: Sendable, Hashable {
    /// A path below the library root, for the API to serve (local storage).
    case libraryPath(String)
    /// A URL that works until `expiresAt` (a presigned object-storage URL).
    case url(String, expiresAt: Date)
}
