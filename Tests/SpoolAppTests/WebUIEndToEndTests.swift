import Foundation
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Web UI in headless Chromium")
    struct WebUI {
        /// The repository root (three levels above this file).
        static var repository: URL {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }

        /// A Python that can import selenium: the venv scripts/test.sh puts on PATH, else the repository's `.venv`.
        static func seleniumPython() -> String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            var candidates = path.split(separator: ":").map { "\($0)/python3" }
            candidates.append(repository.appendingPathComponent(".venv/bin/python").path)
            return candidates.first { candidate in
                guard FileManager.default.isExecutableFile(atPath: candidate) else { return false }
                let probe = Process()
                probe.executableURL = URL(fileURLWithPath: candidate)
                probe.arguments = ["-c", "import selenium"]
                probe.standardOutput = FileHandle.nullDevice
                probe.standardError = FileHandle.nullDevice
                guard (try? probe.run()) != nil else { return false }
                probe.waitUntilExit()
                return probe.terminationStatus == 0
            }
        }

        /// Runs a browser flow script of `Browser/` with `python`; returns its exit status and output (also printed).
        static func runFlow(python: String, script: String, arguments: [String]) async throws -> (status: Int32, output: String) {
            let run = try await ChildRun.run(python, [repository.appendingPathComponent("Tests/SpoolAppTests/Browser/\(script)").path] + arguments)
            print(run.output)
            return (run.status, run.output)
        }

        @Test("log in, add a download, watch it to COMPLETE with pause/resume, details, filter, search, remove; no console errors")
        func downloadLifecycleInBrowser() async throws {
            let python = try #require(Self.seleniumPython(), "scripts/test.sh installs selenium into .venv; run the tests through it")
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "scripts/test.sh installs chromium")
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "scripts/test.sh installs chromium-driver")
            let media = try await QueueControl.slowMedia()
            let size = try QueueControl.fileSize(media)
            // Outside every target folder (SwiftPM would warn about unhandled files); `screenshots/` is ignored by git.
            let screenshots = Self.repository.appendingPathComponent("screenshots/webui")
            try? FileManager.default.removeItem(at: screenshots)
            // About fourteen seconds of downloading: time to see progress move, reorder the queue and pause mid-way.
            // The server's rate is per connection, so the direct path's four connections would cut
            // that to a few seconds: this flow is about the UI, and downloads with yt-dlp.
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 14)) { files in
                try await withSpool(environment: ["DIRECT_DOWNLOAD": "false"]) { server, _ in
                    let (status, output) = try await Self.runFlow(python: python, script: "webui_flow.py", arguments: [
                        "--server", server.baseURL,
                        "--password", server.adminPassword,
                        "--media-url", files.url(for: media.lastPathComponent),
                        "--screenshots", screenshots.path,
                    ])
                    #expect(status == 0, "the browser flow failed:\n\(output.suffix(6_000))")
                    #expect(output.contains("WEBUI OK"))
                    #expect(output.contains("states seen:") && output.contains("COMPLETE"))
                    let shots = (try? FileManager.default.contentsOfDirectory(atPath: screenshots.path)) ?? []
                    #expect(shots.contains("05-complete.png") && shots.contains("06-details.png"), "screenshots: \(shots)")
                    print("web UI screenshots: \(screenshots.path)")
                }
            }
        }

        @Test("a batch added from the dialog shows as a group row above its episodes; the group row selects them all")
        func batchGroupRow() async throws {
            let python = try #require(Self.seleniumPython(), "scripts/test.sh installs selenium into .venv; run the tests through it")
            let media = try await TestMedia.generateVideo(seconds: 2)
            let screenshots = Self.repository.appendingPathComponent("screenshots/batch")
            try? FileManager.default.removeItem(at: screenshots)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["MAX_RETRIES": "0"]) { server, _ in
                    let (status, output) = try await Self.runFlow(python: python, script: "batch_flow.py", arguments: [
                        "--server", server.baseURL,
                        "--password", server.adminPassword,
                        "--media-url", files.url(for: media.lastPathComponent),
                        "--screenshots", screenshots.path,
                    ])
                    #expect(status == 0, "the browser flow failed:\n\(output.suffix(6_000))")
                    #expect(output.contains("BATCH OK"))
                }
            }
        }
    }
}
