import Foundation
import SpoolCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LibraryMover {
    /// Moves `file` (inside a work folder) into the folder of `video` (a library file), at `name`
    /// resolved against the video's file name: a side file follows the name the video was stored
    /// under. Each file is renamed atomically (across volumes: copied next to its destination, then
    /// renamed); an existing file is never overwritten (` (1)`, ` (2)`, … before the extension).
    /// - Returns: the absolute destination path.
    public func moveSideFile(_ file: String, to name: SideFile.Name, beside video: String) throws -> String {
        let source = Self.resolve(file)
        guard OutputTemplateGuard.isContained(source, in: Self.resolve(paths.tempRoot)) else {
            throw SpoolError(.outputEscapesLibrary, "the side file is not in a work folder")
        }
        let library = Self.resolve(paths.libraryRoot)
        let stored = Self.resolve(video)
        guard OutputTemplateGuard.isContained(stored, in: library) else {
            throw SpoolError(.outputEscapesLibrary, "the video is not inside the library")
        }
        let videoFolder = (stored as NSString).deletingLastPathComponent
        let relative = name.relativePath(forVideoNamed: (stored as NSString).lastPathComponent)
        var destination = try Self.destination(relative, in: videoFolder)
        try Self.createFolder(of: destination, in: library)
        destination = Self.freeName(for: destination)
        try Self.move(source, to: destination, failure: "cannot move the side file into the library")
        return destination
    }

    /// Copies `file` (in a work folder or the library) to `relativePath` below the library root unless
    /// something is there already; the copy is written next to its destination and linked into place
    /// without replacing, so a reader never sees half a file and two writers never clash.
    /// - Returns: the absolute destination path, or nil when a file was there.
    public func copyIfAbsent(_ file: String, to relativePath: String) throws -> String? {
        let source = Self.resolve(file)
        let library = Self.resolve(paths.libraryRoot)
        guard OutputTemplateGuard.isContained(source, in: library) || OutputTemplateGuard.isContained(source, in: Self.resolve(paths.tempRoot)) else {
            throw SpoolError(.outputEscapesLibrary, "the file to copy is neither in the library nor in a work folder")
        }
        let destination = try Self.destination(relativePath, in: library)
        try Self.createFolder(of: destination, in: library)
        if FileManager.default.fileExists(atPath: destination) { return nil }
        let staging = destination + ".spool-partial-" + JobID.random().rawValue.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            try FileManager.default.copyItem(atPath: source, toPath: staging)
        } catch {
            throw SpoolError(.storage, "cannot copy \((relativePath as NSString).lastPathComponent) into the library: \(error.localizedDescription)")
        }
        if link(staging, destination) == 0 { return destination }
        if errno == EEXIST { return nil }
        // A volume without hard links: rename, after one more look.
        if FileManager.default.fileExists(atPath: destination) { return nil }
        try Self.move(staging, to: destination, failure: "cannot put the copy into the library")
        return destination
    }

    /// Writes `text` at `relativePath` in the library, replacing the file there (staged, then renamed).
    public func writeDocument(_ text: String, at relativePath: String) throws -> String {
        let library = Self.resolve(paths.libraryRoot)
        let destination = try Self.destination(relativePath, in: library)
        try Self.createFolder(of: destination, in: library)
        let staging = destination + ".spool-partial-" + JobID.random().rawValue.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: staging))
        } catch {
            throw SpoolError(.storage, "cannot write \((relativePath as NSString).lastPathComponent) into the library: \(error.localizedDescription)")
        }
        try Self.move(staging, to: destination, failure: "cannot put \((relativePath as NSString).lastPathComponent) into the library")
        return destination
    }

    /// `folder/relative`, when `relative` is a plain relative path (no `..`, `.` or empty
    /// components, no leading `/`) that stays inside `folder`.
    static func destination(_ relative: String, in folder: String) throws -> String {
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.hasPrefix("/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              !relative.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw SpoolError(.outputEscapesLibrary, "a side file's name must be a plain relative path")
        }
        let destination = OutputTemplateGuard.normalize(folder + "/" + relative)
        guard OutputTemplateGuard.isContained(destination, in: folder) else {
            throw SpoolError(.outputEscapesLibrary, "a side file's name leaves the video's folder")
        }
        return destination
    }
}
