import Foundation
import SpoolCore
import Testing

@testable import SpoolStorage

/// Putting a muxed file in place of the downloaded one.
@Suite("Library replace")
struct LibraryMoverTests {
    static func layout() throws -> (MediaPaths, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spool-mover-\(UUID().uuidString.prefix(8))")
        let paths = MediaPaths(mediaRoot: root.path)
        try paths.createDirectories()
        return (paths, root)
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test("the same name is replaced in place: one file, the new content")
    func replacesInPlace() throws {
        let (paths, root) = try Self.layout()
        defer { try? FileManager.default.removeItem(at: root) }
        let existing = paths.libraryRoot + "/up/Talk.mkv"
        let muxed = paths.tempRoot + "/job/mux/Talk.mkv"
        try Self.write("download", to: existing)
        try Self.write("muxed", to: muxed)
        let final = try LibraryMover(paths: paths).replace(existing, with: muxed)
        #expect(final == LibraryMover.resolve(existing))
        #expect(try String(contentsOfFile: final, encoding: .utf8) == "muxed")
        #expect(!FileManager.default.fileExists(atPath: muxed))
        #expect(try FileManager.default.contentsOfDirectory(atPath: paths.libraryRoot + "/up") == ["Talk.mkv"])
    }

    @Test("another extension keeps the new one and removes the old file")
    func replacesAcrossExtensions() throws {
        let (paths, root) = try Self.layout()
        defer { try? FileManager.default.removeItem(at: root) }
        let existing = paths.libraryRoot + "/Talk.webm"
        let muxed = paths.tempRoot + "/job/mux/Talk.mkv"
        try Self.write("download", to: existing)
        try Self.write("muxed", to: muxed)
        let final = try LibraryMover(paths: paths).replace(existing, with: muxed)
        #expect(final.hasSuffix("/Talk.mkv"))
        #expect(!FileManager.default.fileExists(atPath: existing))
        #expect(try FileManager.default.contentsOfDirectory(atPath: paths.libraryRoot) == ["Talk.mkv"])
    }

    @Test("a file outside the library is never replaced")
    func refusesOutside() throws {
        let (paths, root) = try Self.layout()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("elsewhere.mkv").path
        let muxed = paths.tempRoot + "/job/mux/x.mkv"
        try Self.write("keep", to: outside)
        try Self.write("muxed", to: muxed)
        let error = #expect(throws: SpoolError.self) { try LibraryMover(paths: paths).replace(outside, with: muxed) }
        #expect(error?.code == .outputEscapesLibrary)
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "keep")
    }
}
