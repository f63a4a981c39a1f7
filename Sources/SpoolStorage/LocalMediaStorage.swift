import Foundation
import SpoolCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``MediaStorage`` on the local filesystem: work folders under `tempRoot`, finished files under
/// the library root, free space of the media volume.
public struct LocalMediaStorage: MediaStorage {
    /// The media layout.
    public let paths: MediaPaths

    /// Creates the storage.
    public init(paths: MediaPaths) {
        self.paths = paths
    }

    /// Deletes the job's work folder.
    public func removeTemporaryFiles(for id: JobID) async throws {
        guard id.isWellFormed else { return }
        let directory = paths.workDirectory(for: id)
        // A stage's child may still be writing for a moment after a cancel (the stage removes the
        // folder again once it is gone); a file appearing mid-removal fails it, so try a few times.
        for attempt in 1...5 {
            guard FileManager.default.fileExists(atPath: directory) else { return }
            do {
                try FileManager.default.removeItem(atPath: directory)
                return
            } catch where attempt < 5 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Deletes a finished file; refuses paths outside the library.
    public func removeOutput(path: String) async throws {
        let resolved = LibraryMover.resolve(path)
        guard OutputTemplateGuard.isContained(resolved, in: LibraryMover.resolve(paths.libraryRoot)) else {
            throw SpoolError(.outputEscapesLibrary, "refusing to delete a file outside the library")
        }
        if FileManager.default.fileExists(atPath: resolved) {
            try FileManager.default.removeItem(atPath: resolved)
        }
        // Remove now-empty parent folders up to the library root.
        var parent = (resolved as NSString).deletingLastPathComponent
        let root = LibraryMover.resolve(paths.libraryRoot)
        while parent != root, OutputTemplateGuard.isContained(parent, in: root),
              (try? FileManager.default.contentsOfDirectory(atPath: parent))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: parent)
            parent = (parent as NSString).deletingLastPathComponent
        }
    }

    /// Free bytes available to unprivileged users on the media volume.
    public func freeBytes() throws -> Int64 {
        try Self.freeBytes(at: paths.mediaRoot)
    }

    /// What `/healthz` and `spool doctor` report about the media volume.
    public struct VolumeStatus: Sendable {
        /// Free bytes available to unprivileged users.
        public var freeBytes: Int64
        /// Whether the library and work folders can be written.
        public var writable: Bool
    }

    /// Free space and writability of the media folders.
    public func volumeStatus() throws -> VolumeStatus {
        let writable = FileManager.default.isWritableFile(atPath: paths.libraryRoot) && FileManager.default.isWritableFile(atPath: paths.tempRoot)
        return VolumeStatus(freeBytes: try freeBytes(), writable: writable)
    }

    /// Free bytes on the volume holding `path`.
    public static func freeBytes(at path: String) throws -> Int64 {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else {
            throw SpoolError(.storage, "cannot read free space of \(path): \(String(cString: strerror(errno)))")
        }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
