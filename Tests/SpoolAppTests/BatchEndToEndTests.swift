import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Batch")
    struct Batch {
        @Test("seed 003's /api/v1/jobs: 3 URLs with one 404 end with 2 files, in episode order, and a clear status")
        func partialRecovery() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.copyItem(at: media, to: folder.appendingPathComponent("episode-1.mp4"))
            try FileManager.default.copyItem(at: media, to: folder.appendingPathComponent("episode-3.mp4"))
            try await withMediaServer(folder) { files in
                try await withSpool(environment: ["MAX_RETRIES": "1", "RETRY_BASE_DELAY": "100ms"]) { server, client in
                    let created = try await client.send("POST", "/api/v1/jobs", json: [
                        "urls": [
                            files.url(for: "episode-1.mp4"),
                            ["url": files.url(for: "episode-3.mp4"), "episode_number": 3],
                            ["url": files.url(for: "episode-2-missing.mp4"), "episode_number": 2],
                        ],
                        "config": ["priority": 8, "tags": ["season-1"]],
                    ])
                    #expect(created.status == 201)
                    let id = try #require(created.body["job_id"]?.stringValue)

                    var status = created.body
                    let deadline = ContinuousClock.now + .seconds(120)
                    while ["pending", "downloading", "processing"].contains(status["status"]?.stringValue ?? ""), ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(300))
                        status = try await client.send("GET", "/api/v1/jobs/\(id)/status").body
                    }
                    #expect(status["status"]?.stringValue == "completed")
                    #expect(status["partial"] == .bool(true))
                    #expect(status["progress"]?["completed"]?.doubleValue == 2)
                    #expect(status["progress"]?["failed"]?.doubleValue == 1)
                    #expect(status["progress"]?["percent"]?.doubleValue == 100)
                    let items = status["items"]?.arrayValue ?? []
                    #expect(items.compactMap { $0["url"]?.stringValue?.split(separator: "/").last.map(String.init) }
                        == ["episode-1.mp4", "episode-2-missing.mp4", "episode-3.mp4"])
                    #expect(items.compactMap { $0["status"]?.stringValue } == ["completed", "failed", "completed"])
                    #expect(items[1]["error"]?.stringValue?.contains("404") == true)
                    let errors = status["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    #expect(errors.count == 1 && errors[0].hasPrefix("episode 2 (") && errors[0].contains("404"))

                    let outputs = status["output_files"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    #expect(outputs.count == 2)
                    let library = server.mediaRoot.appendingPathComponent("library").resolvingSymlinksInPath().path
                    for path in outputs {
                        #expect(path.hasPrefix(library) && FileManager.default.fileExists(atPath: path))
                        let probe = try await FFprobe().probe(path)
                        #expect(probe.streams.contains { $0.codecType == "video" })
                    }
                    let jobID = try #require(items[0]["spool_job_id"]?.stringValue)
                    let job = try await client.job(jobID)
                    #expect(job["priority"]?.stringValue == "high" && job["tags"]?.arrayValue?.first?.stringValue == "season-1")
                    #expect(job["batch"]?["id"]?.stringValue == id && job["batch"]?["episode"]?.doubleValue == 1)

                    // The native view of the same batch agrees.
                    let native = try await client.send("GET", "/api/batches/\(id)")
                    #expect(native.body["batch"]?["state"]?.stringValue == "completed")
                    #expect(native.body["batch"]?["failed"]?.doubleValue == 1)
                }
            }
        }
    }
}
