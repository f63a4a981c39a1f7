import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Download")
    struct Download {
        @Test("a submitted URL lands in the library, ffprobe reads it, and SSE shows every step in order")
        func downloadCompletes() async throws {
            let media = try await TestMedia.generateVideo(seconds: 4)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { server, client in
                    let url = files.url(for: media.lastPathComponent)
                    let jobID = JobIDBox()
                    let frames = try await SSEReader.collect(client, onOpen: {
                        jobID.value = try await client.addJob(["url": url, "outputContainer": "mp4"])
                    }, until: { frames in
                        frames.contains { $0.envelope["type"]?.stringValue == "state_change" && $0.envelope["payload"]?["to"]?.stringValue == "COMPLETE" }
                    })
                    let id = try #require(jobID.value)
                    let mine = frames.map(\.envelope).filter { $0["jobId"]?.stringValue == id }
                    let types = mine.compactMap { $0["type"]?.stringValue }
                    #expect(types.first == "job_added")
                    let states = mine.filter { $0["type"]?.stringValue == "state_change" }.compactMap { $0["payload"]?["to"]?.stringValue }
                    #expect(states == ["DOWNLOADING", "DOWNLOADED", "COMPLETE"])
                    let firstProgress = try #require(types.firstIndex(of: "progress"))
                    let downloading = try #require(mine.firstIndex { $0["payload"]?["to"]?.stringValue == "DOWNLOADING" })
                    let complete = try #require(mine.firstIndex { $0["payload"]?["to"]?.stringValue == "COMPLETE" })
                    #expect(downloading < firstProgress && firstProgress < complete)
                    let ids = frames.compactMap { $0.id.flatMap(Int64.init) }
                    #expect(ids == ids.sorted(), "durable event ids increase")

                    let job = try await client.job(id)
                    let path = try #require(job["outputPath"]?.stringValue)
                    #expect(path.hasPrefix(server.mediaRoot.appendingPathComponent("library").resolvingSymlinksInPath().path))
                    let probe = try await FFprobe().probe(path)
                    #expect(probe.streams.contains { $0.codecType == "video" && $0.codecName == "h264" })
                    #expect(probe.streams.contains { $0.codecType == "audio" })
                    let tmp = server.mediaRoot.appendingPathComponent("tmp/\(id)").path
                    #expect(await FileWait.isGone(tmp), "the work folder is removed on success")

                    let details = try await client.send("GET", "/api/jobs/\(id)")
                    #expect(details.body["media"]?["extractor"]?.stringValue == "generic")
                    #expect((details.body["media"]?["duration"]?.doubleValue ?? 0) > 3.5)

                    // Removing the job with its files deletes the library file too.
                    let removed = try await client.send("DELETE", "/api/jobs/\(id)?deleteFiles=true")
                    #expect(removed.status == 204)
                    #expect(!FileManager.default.fileExists(atPath: path))
                    #expect(try await client.send("GET", "/api/jobs/\(id)").status == 404)
                }
            }
        }

        @Test("an HLS playlist downloads to a playable file")
        func hlsPlaylist() async throws {
            let media = try await TestMedia.generateVideo(seconds: 6)
            let hls = try await TestMedia.generateHLS(from: media)
            try await withMediaServer(hls.deletingLastPathComponent()) { files in
                try await withSpool { _, client in
                    let id = try await client.addJob(["url": files.url(for: hls.lastPathComponent), "outputContainer": "mkv"])
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                    let path = try #require(job["outputPath"]?.stringValue)
                    let probe = try await FFprobe().probe(path)
                    #expect(probe.formatName?.contains("matroska") == true)
                    #expect((probe.duration ?? 0) > 5)
                }
            }
        }

        @Test("a 404 URL ends FAILED after exactly one attempt, with media_not_found and yt-dlp's error")
        func notFoundFails() async throws {
            try await withMediaServer(FileManager.default.temporaryDirectory) { files in
                try await withSpool(environment: ["MAX_RETRIES": "2", "RETRY_BASE_DELAY": "100ms"]) { _, client in
                    let id = try await client.addJob(["url": files.url(for: "missing-\(UUID().uuidString).mp4")])
                    let job = try await client.waitForStatus(id, in: ["FAILED", "COMPLETE"])
                    #expect(job["status"]?.stringValue == "FAILED")
                    #expect(job["attempts"]?.doubleValue == 1, "retrying cannot help")
                    #expect(job["error"]?["code"]?.stringValue == "media_not_found")
                    #expect(job["error"]?["message"]?.stringValue?.contains("HTTP Error 404: Not Found") == true)
                    let messages = try await client.logMessages(id)
                    #expect(messages.contains { $0.contains("HTTP Error 404") })
                    #expect(!messages.contains { $0.contains("retrying in") })
                    #expect(messages.contains { $0.contains("download failed after 1 attempt(s)") })
                }
            }
        }

        @Test("requests without a token get 401; /healthz needs none")
        func authRequired() async throws {
            try await withSpool { server, client in
                let anonymous = E2EClient(baseURL: server.baseURL, token: nil)
                #expect(try await anonymous.send("GET", "/api/jobs").status == 401)
                #expect(try await anonymous.send("POST", "/api/jobs", json: ["url": "https://example.com/v"]).status == 401)
                let bad = E2EClient(baseURL: server.baseURL, token: "spl_nope_nope")
                #expect(try await bad.send("GET", "/api/jobs").status == 401)
                let health = try await anonymous.send("GET", "/healthz")
                #expect(health.status == 200 || health.status == 503)
                #expect(health.body["dependencies"]?["database"]?["status"]?.stringValue == "ok")
                #expect(try await anonymous.send("GET", "/metrics").status == 401)
                _ = try await client.addJob(["url": "http://127.0.0.1:9/never.mp4"])
                let metrics = try await client.send("GET", "/metrics")
                #expect(metrics.status == 200)
                let jobGauges = metrics.raw.split(separator: "\n").filter { $0.hasPrefix("spool_jobs{") }
                #expect(jobGauges.count == JobState.allCases.count)
                let total = jobGauges.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
                #expect(total == 1, "job gauges are read from the store at scrape time: \(jobGauges)")
                #expect(metrics.raw.contains("spool_queue_entries{"))
            }
        }
    }
}

/// Carries a value out of a `@Sendable` closure in tests.
final class JobIDBox: @unchecked Sendable {
    // Written once by the test's own task before it is read; no concurrent access.
    var value: String?
}
