import Foundation
import SpoolCore
import Synchronization

/// ``MediaStorage`` in memory: files are paths with text content under `/fake/tmp` (work folders)
/// and `/fake/library`. Fakes of the media tools "write" files through ``add(_:_:)``.
final class FakeStorage: MediaStorage {
    static let library = "/fake/library"
    static let temp = "/fake/tmp"

    private struct State {
        var files: [String: String] = [:]
        var removedWorkFolders: [JobID] = []
    }

    private let state = Mutex(State())

    /// Every file, by path.
    var files: [String: String] { state.withLock { $0.files } }

    /// Jobs whose work folder was removed, in order.
    var removedWorkFolders: [JobID] { state.withLock { $0.removedWorkFolders } }

    /// Creates or overwrites a file.
    func add(_ path: String, _ content: String) {
        state.withLock { $0.files[path] = content }
    }

    /// Deletes a file.
    func remove(_ path: String) {
        _ = state.withLock { $0.files.removeValue(forKey: path) }
    }

    /// The files below a job's work folder.
    func workFiles(of id: JobID) -> [String] {
        let prefix = workDirectory(for: id) + "/"
        return files.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    func workDirectory(for id: JobID) -> String { Self.temp + "/" + id.rawValue }

    func createWorkDirectory(for id: JobID, subfolder: String?) throws -> String {
        workDirectory(for: id) + (subfolder.map { "/" + $0 } ?? "")
    }

    func fileNames(in directory: String) -> [String] {
        files.keys.filter { ($0 as NSString).deletingLastPathComponent == directory }.map { ($0 as NSString).lastPathComponent }.sorted()
    }

    func fileExists(_ path: String) -> Bool { files[path] != nil }

    func write(_ text: String, to path: String) throws { add(path, text) }

    func store(_ file: String, from workDirectory: String) throws -> StoredFile {
        guard file.hasPrefix(workDirectory + "/") else { throw SpoolError(.outputEscapesLibrary, "outside the work folder") }
        var relative = String(file.dropFirst(workDirectory.count + 1))
        if fileExists(Self.library + "/" + relative) {
            relative = (relative as NSString).deletingPathExtension + " (1)." + (relative as NSString).pathExtension
        }
        return try move(file, to: Self.library + "/" + relative)
    }

    func storeSideFile(_ file: SideFile, beside video: String) throws -> StoredFile {
        guard video.hasPrefix(Self.library + "/") else { throw SpoolError(.outputEscapesLibrary, "not in the library") }
        let folder = (video as NSString).deletingLastPathComponent
        return try move(file.path, to: folder + "/" + file.name.relativePath(forVideoNamed: (video as NSString).lastPathComponent))
    }

    func storeCopy(of file: String, at relativePath: String) throws -> StoredFile? {
        let destination = Self.library + "/" + relativePath
        return try state.withLock { state in
            guard state.files[destination] == nil else { return nil }
            guard let content = state.files[file] else { throw SpoolError(.storage, "no file at \(file)") }
            state.files[destination] = content
            return StoredFile(path: destination, relativePath: relativePath, size: Int64(content.utf8.count))
        }
    }

    func writeDocument(_ text: String, at relativePath: String) throws {
        state.withLock { $0.files[Self.library + "/" + relativePath] = text }
    }

    func replace(_ existing: String, with replacement: String) throws -> StoredFile {
        guard existing.hasPrefix(Self.library + "/") else { throw SpoolError(.outputEscapesLibrary, "not in the library") }
        let target = (existing as NSString).deletingPathExtension + "." + (replacement as NSString).pathExtension
        let stored = try move(replacement, to: target)
        if target != existing { remove(existing) }
        return stored
    }

    func read(_ path: String, range: ClosedRange<Int64>?) throws -> StoredFileContent {
        guard let content = files[path] else { throw SpoolError(.notFound, "no such file") }
        let bytes = Array(content.utf8)
        let wanted = range.map { Int($0.lowerBound)..<Int($0.upperBound + 1) } ?? 0..<bytes.count
        let chunk = Array(bytes[wanted])
        return StoredFileContent(size: Int64(bytes.count), range: Int64(wanted.lowerBound)..<Int64(wanted.upperBound), chunks: AsyncThrowingStream { continuation in
            continuation.yield(chunk)
            continuation.finish()
        })
    }

    func libraryRelativePath(of path: String) -> String? {
        path.hasPrefix(Self.library + "/") ? String(path.dropFirst(Self.library.count + 1)) : nil
    }

    func link(to path: String, validFor validity: Duration, attachment: Bool) throws -> StorageLink {
        .libraryPath(String(path.dropFirst(Self.library.count + 1)))
    }

    func removeTemporaryFiles(for id: JobID) async throws {
        let prefix = workDirectory(for: id) + "/"
        state.withLock { state in
            state.files = state.files.filter { !$0.key.hasPrefix(prefix) }
            state.removedWorkFolders.append(id)
        }
    }

    func removeOutput(path: String) async throws { remove(path) }

    func freeBytes() throws -> Int64 { 1 << 40 }

    private func move(_ source: String, to destination: String) throws -> StoredFile {
        try state.withLock { state in
            guard let content = state.files.removeValue(forKey: source) else { throw SpoolError(.storage, "no file at \(source)") }
            state.files[destination] = content
            return StoredFile(path: destination, relativePath: String(destination.dropFirst(Self.library.count + 1)), size: Int64(content.utf8.count))
        }
    }
}
