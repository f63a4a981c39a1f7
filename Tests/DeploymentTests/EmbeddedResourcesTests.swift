import Foundation
import SpoolTesting
import Testing

/// The generated Swift file that embeds the web UI, the OpenAPI document and the yt-dlp helper
/// must match the resources they come from (`scripts/embed_resources.py`).
@Suite("Embedded resources")
struct EmbeddedResourcesTests {
    /// Runs the generator in `folder` with `arguments`; returns its exit status and its stderr.
    static func generator(in folder: URL, _ arguments: [String]) async throws -> (status: Int32, errors: String) {
        let run = try await ChildRun.python(folder.appendingPathComponent("scripts/embed_resources.py"), arguments: arguments)
        return (run.status, run.stderr)
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
