import Foundation
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Web UI post-processing in headless Chromium")
    struct WebUIProcessing {
        @Test("the processing views' words and numbers (profiles, transcode progress, report, encoders), computed in the page")
        func processingHelpersInBrowser() async throws {
            let python = try #require(WebUI.seleniumPython(), "scripts/test.sh installs selenium into .venv; run the tests through it")
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "scripts/test.sh installs chromium")
            let screenshots = WebUI.repository.appendingPathComponent("screenshots/webui-processing-helpers")
            try await withSpool { server, _ in
                let (status, output) = try await WebUI.runFlow(python: python, script: "processing_flow.py", arguments: [
                    "--server", server.baseURL,
                    "--password", server.adminPassword,
                    "--screenshots", screenshots.path,
                    "--helpers-only",
                ])
                #expect(status == 0, "the browser flow failed:\n\(output.suffix(6_000))")
                #expect(output.contains("PROCESSING HELPERS OK"))
            }
        }

        @Test("profiles (shipped, changed and reset, new), hardware encoders and detect again, a download processed with fps and speed live, its report, a download profile's processing; no console errors")
        func processingInBrowser() async throws {
            let python = try #require(WebUI.seleniumPython(), "scripts/test.sh installs selenium into .venv; run the tests through it")
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "scripts/test.sh installs chromium")
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "scripts/test.sh installs chromium-driver")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-webui-processing-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            // Twenty seconds of 720p: the 480p HEVC encode takes long enough to watch its fps and speed.
            let clip = try await TestMedia.generateVideo(seconds: 20, width: 1280, height: 720, to: folder.appendingPathComponent("clip.mp4"))
            // Outside every target folder (SwiftPM would warn about unhandled files); `screenshots/` is ignored by git.
            let screenshots = WebUI.repository.appendingPathComponent("screenshots/webui-processing")
            try? FileManager.default.removeItem(at: screenshots)
            try await withMediaServer(folder) { files in
                try await withSpool { server, _ in
                    let (status, output) = try await WebUI.runFlow(python: python, script: "processing_flow.py", arguments: [
                        "--server", server.baseURL,
                        "--password", server.adminPassword,
                        "--media-url", files.url(for: clip.lastPathComponent),
                        "--screenshots", screenshots.path,
                    ])
                    #expect(status == 0, "the browser flow failed:\n\(output.suffix(6_000))")
                    #expect(output.contains("PROCESSING OK"))
                    #expect(output.contains("states seen:") && output.contains("PROCESSING"))
                    let shots = (try? FileManager.default.contentsOfDirectory(atPath: screenshots.path)) ?? []
                    #expect(shots.contains("p04-processing.png") && shots.contains("p05-report.png"), "screenshots: \(shots)")
                    print("web UI screenshots: \(screenshots.path)")
                }
            }
        }
    }
}
