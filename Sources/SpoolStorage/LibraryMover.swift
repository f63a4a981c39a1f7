import Foundation
import SpoolCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Moves a finished file from a job's work folder into the library, atomically and never outside it.
public struct LibraryMover: Sendable {
    /// The media layout.
    public let paths: MediaPaths

    /// Creates a mover.
    public init(paths: MediaPaths) {
        self.paths = paths
    }

    /// Moves `file` (inside `workDirectory`) to the same relative path under the library.
    /// An existing file is never overwritten: ` (1)`, ` (2)`, … is added before the extension.
    /// - Returns: the absolute destination path.
    public func moveIntoLibrary(_ file: String, from workDirectory: String) throws -> String {
        let source = Self.resolve(file)
        let work = Self.resolve(workDirectory)
        guard OutputTemplateGuard.isContained(source, in: work) else {
            throw SpoolError(.outputEscapesLibrary, "yt-dlp wrote outside the job's work folder")
        }
        let relative = String(source.dropFirst(work.count + 1))
        let library = Self.resolve(paths.libraryRoot)
        var destination = OutputTemplateGuard.normalize(library + "/" + relative)
        guard OutputTemplateGuard.isContained(destination, in: library) else {
            throw SpoolError(.outputEscapesLibrary, "output path escapes the library")
        }
        try Self.createFolder(of: destination, in: library)
        destination = Self.freeName(for: destination)
        try Self.move(source, to: destination, failure: "cannot move the file into the library")
        return destination
    }

    /// Creates the folder of `destination` with its parents and checks that, symlinks resolved, it
    /// lies inside `library`.
    static func createFolder(of destination: String, in library: String) throws {
        let folder = (destination as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SpoolError(.storage, "cannot create the library folder: \(error.localizedDescription)")
        }
        guard OutputTemplateGuard.isContained(resolve(folder) + "/x", in: library) else {
            throw SpoolError(.outputEscapesLibrary, "output folder resolves outside the library")
        }
    }

    /// Renames `source` to `destination`; across volumes, copies next to the destination and renames
    /// that (atomic within the library), then removes the source.
    static func move(_ source: String, to destination: String, failure: String) throws {
        guard rename(source, destination) != 0 else { return }
        guard errno == EXDEV else {
            throw SpoolError(.storage, "\(failure): \(String(cString: strerror(errno)))")
        }
        let staging = destination + ".spool-partial"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        guard rename(staging, destination) == 0 else {
            throw SpoolError(.storage, "\(failure): \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(atPath: source)
    }

    /// `path` with ` (n)` before its extension if it exists already.
    static func freeName(for path: String) -> String {
        guard FileManager.default.fileExists(atPath: path) else { return path }
        let ns = path as NSString
        let ext = ns.pathExtension
        let base = ns.deletingPathExtension
        for index in 1...10_000 {
            let candidate = ext.isEmpty ? "\(base) (\(index))" : "\(base) (\(index)).\(ext)"
            if !FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return path + ".\(JobID.random().rawValue.prefix(8))"
    }

    /// Absolute path with symlinks resolved as far as the path exists.
    public static func resolve(_ path: String) -> String {
        let absolute = OutputTemplateGuard.normalize(MediaPaths.absolute(path))
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        // Resolve the existing parent and keep the missing tail.
        let ns = absolute as NSString
        let parent = ns.deletingLastPathComponent
        if parent == absolute { return absolute }
        return OutputTemplateGuard.normalize(resolve(parent) + "/" + ns.lastPathComponent)
    }
}

extension LibraryMover {
    /// Puts `replacement` (a finished file in a work folder) in place of `existing` (a library file),
    /// atomically: players and the web UI see either the old file or the new one, never a half.
    /// When the extensions differ, the new file keeps its own extension and the old one is removed.
    /// - Returns: the absolute path of the file in the library.
    public func replace(_ existing: String, with replacement: String) throws -> String {
        let library = Self.resolve(paths.libraryRoot)
        let current = Self.resolve(existing)
        guard OutputTemplateGuard.isContained(current, in: library) else {
            throw SpoolError(.outputEscapesLibrary, "the file to replace is not inside the library")
        }
        let newExtension = (replacement as NSString).pathExtension
        var target = current
        if (current as NSString).pathExtension.lowercased() != newExtension.lowercased() {
            target = Self.freeName(for: (current as NSString).deletingPathExtension + "." + newExtension)
        }
        try Self.move(replacement, to: target, failure: "cannot put the file into the library")
        if target != current { try? FileManager.default.removeItem(atPath: current) }
        return target
    }
}
