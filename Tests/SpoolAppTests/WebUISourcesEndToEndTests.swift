import Foundation
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Web UI Sources view in headless Chromium")
    struct WebUISources {
        /// An RSS 2.0 feed of six items, newest first, one hour apart: "Episode 1" … "Episode 5" point at
        /// `clip` (with a query that tells them apart), "Episode 6", the newest, at `missing`, a file the
        /// media server does not have, so its download fails for good.
        static func feed(clip: String, missing: String) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
            let first = Date(timeIntervalSince1970: 1_700_000_000)
            let items = (1...6).reversed().map { number in
                """
                <item>
                  <guid isPermaLink="false">item-\(number)</guid>
                  <title>Episode \(number)</title>
                  <pubDate>\(formatter.string(from: first.addingTimeInterval(Double(number - 1) * 3600)))</pubDate>
                  <enclosure url="\(number == 6 ? missing : "\(clip)?n=\(number)")" type="video/mp4" length="0"/>
                  <itunes:duration>0:00:02</itunes:duration>
                </item>
                """
            }
            return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
                <channel>
                <title>Test feed</title>
                <link>http://127.0.0.1/</link>
                <description>Six episodes for the web UI test</description>
                \(items.joined(separator: "\n"))
                </channel>
                </rss>

                """
        }

        @Test("add a feed after the preview's count, follow its live progress, keep/retention/retry on its page, the failed list, delete it; no console errors")
        func sourcesInBrowser() async throws {
            let python = try #require(WebUI.seleniumPython(), "scripts/test.sh installs selenium into .venv; run the tests through it")
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "scripts/test.sh installs chromium")
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "scripts/test.sh installs chromium-driver")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-webui-sources-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try await TestMedia.generateVideo(seconds: 2, width: 320, height: 180, to: folder.appendingPathComponent("clip.mp4"))
            // Outside every target folder (SwiftPM would warn about unhandled files); `screenshots/` is ignored by git.
            let screenshots = WebUI.repository.appendingPathComponent("screenshots/webui-sources")
            try? FileManager.default.removeItem(at: screenshots)
            try await withMediaServer(folder) { files in
                try Self.feed(clip: files.url(for: "clip.mp4"), missing: files.url(for: "missing.mp4"))
                    .write(to: folder.appendingPathComponent("feed.xml"), atomically: true, encoding: .utf8)
                // No retries: the missing episode fails for good at once and lands in the failed list.
                try await withSpool(environment: ["MAX_RETRIES": "0"]) { server, _ in
                    let (status, output) = try await WebUI.runFlow(python: python, script: "sources_flow.py", arguments: [
                        "--server", server.baseURL,
                        "--password", server.adminPassword,
                        "--feed-url", files.url(for: "feed.xml"),
                        "--screenshots", screenshots.path,
                    ])
                    #expect(status == 0, "the browser flow failed:\n\(output.suffix(6_000))")
                    #expect(output.contains("SOURCES OK"))
                    #expect(output.contains("6 listed · 3 would be downloaded now · 0 filtered · 3 marked seen"))
                    #expect(output.contains("failed downloads: ['Episode 6 | Test feed']"))
                    let shots = (try? FileManager.default.contentsOfDirectory(atPath: screenshots.path)) ?? []
                    #expect(shots.contains("s02-preview.png") && shots.contains("s05-source-page.png"), "screenshots: \(shots)")
                    print("web UI screenshots: \(screenshots.path)")
                }
            }
        }
    }
}
