import Foundation
import SpoolCore

extension LocalMediaStorage {
    /// Moves `file` into the library with ``LibraryMover/moveIntoLibrary(_:from:)``.
    public func store(_ file: String, from workDirectory: String) throws -> StoredFile {
        storedFile(at: try LibraryMover(paths: paths).moveIntoLibrary(file, from: workDirectory))
    }

    /// Moves a side file beside the stored `video` with ``LibraryMover/moveSideFile(_:to:beside:)``.
    public func storeSideFile(_ file: SideFile, beside video: String) throws -> StoredFile {
        storedFile(at: try LibraryMover(paths: paths).moveSideFile(file.path, to: file.name, beside: video))
    }

    /// Copies `file` to `relativePath` unless a file is there, with ``LibraryMover/copyIfAbsent(_:to:)``.
    public func storeCopy(of file: String, at relativePath: String) throws -> StoredFile? {
        try LibraryMover(paths: paths).copyIfAbsent(file, to: relativePath).map(storedFile(at:))
    }

    /// Writes a document into the library with ``LibraryMover/writeDocument(_:at:)``.
    public func writeDocument(_ text: String, at relativePath: String) throws {
        _ = try LibraryMover(paths: paths).writeDocument(text, at: relativePath)
    }

    /// Puts `replacement` in place of `existing` with ``LibraryMover/replace(_:with:)``.
    public func replace(_ existing: String, with replacement: String) throws -> StoredFile {
        storedFile(at: try LibraryMover(paths: paths).replace(existing, with: replacement))
    }

    /// Streams a library file (or the bytes in `range` of it) in 64 KiB chunks.
    public func read(_ path: String, range: ClosedRange<Int64>?) throws -> StoredFileContent {
        let resolved = try libraryFile(path)
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? NSNumber)?.int64Value ?? 0
        let wanted = range.map { $0.lowerBound..<($0.upperBound + 1) } ?? 0..<size
        guard wanted.lowerBound >= 0, wanted.upperBound <= size, !wanted.isEmpty || size == 0 else {
            throw SpoolError(.invalidInput, "the range \(wanted.lowerBound)-\(wanted.upperBound - 1) is outside the file (\(size) bytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: resolved) else {
            throw SpoolError(.storage, "cannot open the file")
        }
        try handle.seek(toOffset: UInt64(wanted.lowerBound))
        let reader = ChunkReader(handle: handle, remaining: wanted.upperBound - wanted.lowerBound)
        return StoredFileContent(size: size, range: wanted, chunks: AsyncThrowingStream(unfolding: { try reader.next() }))
    }

    /// The library-relative path of a stored file; local files are served by the API's signed links.
    public func link(to path: String, validFor validity: Duration, attachment: Bool) throws -> StorageLink {
        .libraryPath(relativePath(of: try libraryFile(path)))
    }

    /// The path below the library root of `path` (resolved), when it is inside the library.
    public func libraryRelativePath(of path: String) -> String? {
        let resolved = LibraryMover.resolve(path)
        guard OutputTemplateGuard.isContained(resolved, in: LibraryMover.resolve(paths.libraryRoot)) else { return nil }
        return relativePath(of: resolved)
    }

    /// `path` resolved, when it is a regular file inside the library.
    func libraryFile(_ path: String) throws -> String {
        let resolved = LibraryMover.resolve(path)
        guard OutputTemplateGuard.isContained(resolved, in: LibraryMover.resolve(paths.libraryRoot)) else {
            throw SpoolError(.outputEscapesLibrary, "the file is not inside the library")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw SpoolError(.notFound, "the file is not in the library")
        }
        return resolved
    }

    /// A library file's description: its path, its path below the library root and its size.
    func storedFile(at path: String) -> StoredFile {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        return StoredFile(path: path, relativePath: relativePath(of: path), size: size)
    }

    private func relativePath(of path: String) -> String {
        String(path.dropFirst(LibraryMover.resolve(paths.libraryRoot).count + 1))
    }
}
