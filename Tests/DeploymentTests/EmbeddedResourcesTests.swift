import Foundation
import SpoolTesting
import Testing

/// The generated Swift file that embeds the web UI, the OpenAPI document and the yt-dlp helper
/// must match the resources they come from (`scripts/embed_resources.py`).
@Suite("Embedded resources")
struct EmbeddedResourcesTests {
    /// Runs the generator in `folder` with `arguments` (off the cooperative pool: it waits for
    /// Python); returns its exit status and its stderr.
    static func generator(in folder: URL, _ arguments: [String]) async throws -> (status: Int32, errors: String) {
        try await offCooperativePool { try runGenerator(in: folder, arguments) }
    }

    private static func runGenerator(in folder: URL, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder.appendingPathComponent("scripts/embed_resources.py").path] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("the committed generated file matches the resources")
    func upToDate() async throws {
        let result = try await Self.generator(in: Repository.root, ["--check"])
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test("a changed resource is reported as out of date, and regenerating fixes it")
    func detectsChanges() async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("spool-embed-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: copy) }
        for path in ["scripts", "Sources/SpoolAPI/Resources", "Sources/SpoolMedia/Resources", "Sources/SpoolEmbedded/Generated"] {
            let target = copy.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent(path), to: target)
        }
        let css = copy.appendingPathComponent("Sources/SpoolAPI/Resources/Public/app.css")
        try (try String(contentsOf: css, encoding: .utf8) + "\n/* changed */\n").write(to: css, atomically: true, encoding: .utf8)
        let stale = try await Self.generator(in: copy, ["--check"])
        #expect(stale.status == 1)
        #expect(stale.errors.contains("EmbeddedResources.swift"))
        #expect(try await Self.generator(in: copy, []).status == 0)
        #expect(try await Self.generator(in: copy, ["--check"]).status == 0)
    }
}
