import Foundation
import Testing

extension EndToEnd {
    /// The binary needs nothing beside it: the web UI, the OpenAPI document and the warm yt-dlp
    /// helper are embedded (`scripts/embed_resources.py`).
    @Suite("Self-contained binary")
    struct SelfContainedBinary {
        @Test("spool copied alone to an empty folder serves the UI and the OpenAPI document, and a web UI connection starts yt-dlp warm")
        func copiedBinaryServes() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-alone-\(UUID().uuidString.prefix(8))")
            let cache = folder.appendingPathComponent("cache")
            try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent("spool").path
            try FileManager.default.copyItem(atPath: SpoolProcess.binary, toPath: copy)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["cache", "spool"])

            let server = try SpoolProcess(
                environment: ["XDG_CACHE_HOME": cache.path], dataDirectory: folder.appendingPathComponent("data"),
                executable: copy, workingDirectory: folder
            )
            do {
                try await server.start()
                let client = E2EClient(baseURL: server.baseURL, token: nil)
                let page = try await client.send("GET", "/")
                #expect(page.status == 200)
                #expect(page.raw.contains("<html"), "the embedded index.html is served")
                let script = try await client.send("GET", "/js/main.js")
                #expect(script.status == 200 && script.raw.contains("import"), "the embedded modules are served")
                let document = try await client.send("GET", "/api/openapi.yaml")
                #expect(document.status == 200 && document.raw.hasPrefix("openapi: 3.1"))

                // The warm start begins with the web UI's event connection (a spare helper, in that
                // mode, is already there).
                try await E2EClient.login(server).withLiveEvents {}
                let pid = try #require(server.pid)
                let deadline = ContinuousClock.now + .seconds(30)
                var helpers: [String] = []
                while helpers.isEmpty, ContinuousClock.now < deadline {
                    helpers = ProcessTree.descendants(of: pid).map(ProcessTree.commandLine).filter { $0.contains("ytdlp_helper.py") }
                    if helpers.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(helpers.count == 1, "the warm helper runs from the embedded script: \(helpers)")
                #expect(helpers.first?.contains(cache.path + "/spool/embedded-") == true, "written to the user's cache: \(helpers)")
                #expect(!server.output.contains("runs without warm start"), "yt-dlp does not fall back to cold")
                await server.destroy()
            } catch {
                print("spool output:\n\(server.output.suffix(4_000))")
                await server.destroy()
                throw error
            }
        }
    }
}
