import Foundation
import SpoolCore

/// Where media lives: `MEDIA_ROOT/library/` for finished files, `DOWNLOAD_TEMP_DIR/<jobId>/` for work.
public struct MediaPaths: Sendable {
    /// The media root.
    public var mediaRoot: String
    /// Finished files.
    public var libraryRoot: String
    /// Per-job work folders.
    public var tempRoot: String

    /// Creates paths; `tempRoot` defaults to `mediaRoot/tmp`.
    public init(mediaRoot: String, tempRoot: String? = nil) {
        let root = OutputTemplateGuard.normalize(Self.absolute(mediaRoot))
        self.mediaRoot = root
        self.libraryRoot = root + "/library"
        self.tempRoot = OutputTemplateGuard.normalize(Self.absolute(tempRoot ?? root + "/tmp"))
    }

    /// The job's work folder.
    public func workDirectory(for id: JobID) -> String {
        tempRoot + "/" + id.rawValue
    }

    /// Creates the root folders.
    public func createDirectories() throws {
        for path in [mediaRoot, libraryRoot, tempRoot] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
