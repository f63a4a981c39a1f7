import Foundation
import SpoolCore
import Testing

@testable import SpoolStorage

/// The local filesystem behind SpoolCore's MediaStorage port.
@Suite("Local media storage")
struct LocalMediaStorageTests {
    static func storage() throws -> (LocalMediaStorage, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spool-storage-\(UUID().uuidString.prefix(8))")
        let paths = MediaPaths(mediaRoot: root.path)
        try paths.createDirectories()
        return (LocalMediaStorage(paths: paths), root)
    }

    @Test("a finished file goes from the work folder to the same relative path in the library, never overwriting")
    func storeKeepsExistingFiles() throws {
        let (storage, root) = try Self.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let id = JobID.random()
        let work = try storage.createWorkDirectory(for: id, subfolder: nil)
        #expect(work == storage.workDirectory(for: id) && storage.fileExists(work))
        try storage.write("first", to: work + "/Talk.mkv")
        let first = try storage.store(work + "/Talk.mkv", from: work)
        try storage.write("second!", to: work + "/Talk.mkv")
        let second = try storage.store(work + "/Talk.mkv", from: work)
        #expect(first.relativePath == "Talk.mkv" && first.size == 5)
        #expect(second.relativePath == "Talk (1).mkv" && second.size == 7)
        #expect(try String(contentsOfFile: first.path, encoding: .utf8) == "first")
        #expect(storage.fileNames(in: work).isEmpty)
        #expect(try storage.link(to: second.path, validFor: .seconds(60), attachment: false) == .libraryPath("Talk (1).mkv"))
    }

    @Test("a file outside the work folder is refused")
    func storeRefusesEscapes() throws {
        let (storage, root) = try Self.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let work = try storage.createWorkDirectory(for: JobID.random(), subfolder: nil)
        let outside = root.appendingPathComponent("elsewhere.mkv").path
        try storage.write("x", to: outside)
        let error = #expect(throws: SpoolError.self) { try storage.store(outside, from: work) }
        #expect(error?.code == .outputEscapesLibrary)
    }

    @Test("a stored file is read whole or by byte range; files outside the library are not")
    func readRanges() async throws {
        let (storage, root) = try Self.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let work = try storage.createWorkDirectory(for: JobID.random(), subfolder: "mux")
        let text = String(repeating: "0123456789", count: 10_000)
        try storage.write(text, to: work + "/big.bin")
        let stored = try storage.store(work + "/big.bin", from: work)
        let whole = try storage.read(stored.path, range: nil)
        #expect(whole.size == 100_000 && whole.range == 0..<100_000)
        #expect(try await Self.collect(whole.chunks) == Array(text.utf8))
        let part = try storage.read(stored.path, range: 70_005...70_014)
        #expect(part.range == 70_005..<70_015)
        #expect(try await Self.collect(part.chunks) == Array("5678901234".utf8))
        #expect(throws: SpoolError.self) { try storage.read(stored.path, range: 99_999...100_000) }
        let error = #expect(throws: SpoolError.self) { try storage.read(work, range: nil) }
        #expect(error?.code == .outputEscapesLibrary)
    }

    static func collect(_ chunks: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in chunks { bytes += chunk }
        return bytes
    }
}
