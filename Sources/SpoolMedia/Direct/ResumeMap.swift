import Foundation
import SpoolCore
import SystemPackage
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sidecar of a direct download's `.part` file (`<file>.part.map`): which file it is (URL,
/// length, validators) and which byte ranges of it are already written, so a later run fetches only
/// the rest, and only while the server's file is still the same one.
public struct ResumeMap: Sendable, Hashable, Codable {
    /// The format of this document.
    public var version = 1
    /// The URL downloaded.
    public var url: String
    /// The file's length.
    public var length: Int64
    /// The entity tag the server sent, if any.
    public var etag: String?
    /// The `Last-Modified` the server sent, if any.
    public var lastModified: String?
    /// The ranges written to the `.part` file (and synced to disk before this map was written).
    public var done: ByteRangeSet

    /// Creates a map of `file` with `done` written.
    public init(file: DirectFile, done: ByteRangeSet = ByteRangeSet()) {
        self.url = file.url
        self.length = file.length
        self.etag = file.etag
        self.lastModified = file.lastModified
        self.done = done
    }

    /// Why the partial file cannot be continued against `file` as the server describes it now, or
    /// nil when it can: the same URL and length, and the same ETag (else the same Last-Modified).
    public func mismatch(with file: DirectFile) -> String? {
        if version != 1 { return "the resume map has an unknown version \(version)" }
        if url != file.url { return "the resume map is for another URL" }
        if length != file.length { return "the file's length changed from \(length) to \(file.length) bytes" }
        if let etag, let current = file.etag {
            return etag == current ? nil : "the file's ETag changed from \(etag) to \(current)"
        }
        if let lastModified, let current = file.lastModified {
            return lastModified == current ? nil : "the file's Last-Modified changed from \(lastModified) to \(current)"
        }
        return "the server sends no ETag or Last-Modified to check the partial file against"
    }

    /// The value for `If-Range`: a strong ETag, else the Last-Modified date; nil when neither exists.
    public var ifRange: String? {
        if let etag, !etag.hasPrefix("W/") { return etag }
        return lastModified
    }

    /// Reads the map at `path`; nil when it is missing or unreadable.
    public static func load(from path: String) -> ResumeMap? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(ResumeMap.self, from: data)
    }

    /// Writes the map to `path` atomically and durably: a temporary file, fsync'ed, renamed over the
    /// old map, then the folder fsync'ed.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        let temporary = path + ".tmp"
        let descriptor = try SystemPackage.FileDescriptor.open(
            FilePath(temporary), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead, .otherRead]
        )
        try descriptor.closeAfter {
            _ = try data.withUnsafeBytes { try descriptor.writeAll($0) }
            guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
        }
        guard rename(temporary, path) == 0 else { throw Errno(rawValue: errno) }
        let folder = (path as NSString).deletingLastPathComponent
        if let directory = try? SystemPackage.FileDescriptor.open(FilePath(folder), .readOnly) {
            _ = fsync(directory.rawValue)
            try? directory.close()
        }
    }
}
