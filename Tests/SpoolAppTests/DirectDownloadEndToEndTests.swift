import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Direct downloads")
    struct DirectDownload {
        @Test("a plain MP4 URL downloads natively over four connections; pause and resume fetch each byte about once")
        func pauseResume() async throws {
            let media = try await TestMedia.generateBulkyVideo(megabytes: 24)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: media.path)[.size] as? NSNumber).int64Value
            // Four connections at 1/32 of the file per second each: about eight seconds in all (job progress
            // is stored every 2 s).
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 32)) { files in
                try await withSpool { server, client in
                    let path = "/" + media.lastPathComponent
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    try await client.waitForBytes(id, atLeast: Double(size) / 3)
                    let paused = try await client.send("POST", "/api/jobs/\(id)/pause")
                    #expect(paused.body["job"]?["status"]?.stringValue == "PAUSED")
                    _ = try #require(try await files.settledBytesSent(for: path), "the transfers ended on pause")
                    let work = server.mediaRoot.appendingPathComponent("tmp/\(id)").path
                    let kept = (try? FileManager.default.subpathsOfDirectory(atPath: work)) ?? []
                    #expect(kept.contains { $0.hasSuffix(".mp4.part") } && kept.contains { $0.hasSuffix(".mp4.part.map") })
                    #expect(files.peakConcurrentTransfers(for: path) == 4)

                    _ = try await client.send("POST", "/api/jobs/\(id)/resume")
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE")
                    let output = try #require(job["outputPath"]?.stringValue)
                    #expect(FileManager.default.contentsEqual(atPath: output, andPath: media.path))
                    let stem = media.deletingPathExtension().lastPathComponent
                    #expect(output.hasSuffix("/library/generic/\(stem) [\(stem)].mp4"), "the name yt-dlp would give it")
                    let total = files.bytesSent(for: path)
                    #expect(total <= size + (1 << 20), "\(total) bytes sent for a \(size)-byte file")

                    let messages = try await client.logMessages(id)
                    #expect(messages.contains { $0.hasPrefix("direct download (no yt-dlp): video/mp4") })
                    #expect(messages.contains("direct download of \(ByteCount.format(size)) over 4 connection(s)"))
                    #expect(messages.contains { $0.hasPrefix("resuming from the resume map:") })
                    #expect(!messages.contains { $0.contains("downloading with yt-dlp") })
                    let details = try await client.send("GET", "/api/jobs/\(id)")
                    #expect(details.body["media"]?["extractor"]?.stringValue == "generic")
                    #expect(await FileWait.isGone(work), "the work folder is removed on success")
                }
            }
        }

        @Test("a server without byte ranges (as python's http.server): still native, in one stream, and no yt-dlp starts")
        func withoutByteRanges() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                files.behaviour = .init(ignoresRanges: true, hidesRangeSupport: true)
                try await withSpool { server, client in
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                    let output = try #require(job["outputPath"]?.stringValue)
                    #expect(FileManager.default.contentsEqual(atPath: output, andPath: media.path))
                    let messages = try await client.logMessages(id)
                    #expect(messages.contains { $0.hasPrefix("direct download (no yt-dlp): video/mp4") && $0.hasSuffix(", no byte ranges") }, "\(messages)")
                    #expect(messages.contains { $0.contains("in one stream: the server does not accept byte ranges") }, "\(messages)")
                    #expect(!messages.contains { $0.contains("downloading with yt-dlp") })
                    let pid = try #require(server.pid)
                    let forkServers = ProcessTree.descendants(of: pid).filter { ProcessTree.commandLine($0).contains("--fork-server") }
                    #expect(forkServers.isEmpty, "nothing needed yt-dlp, so its fork server did not start")
                }
            }
        }

        @Test("with DIRECT_DOWNLOAD=false the same URL goes to yt-dlp; a page always does")
        func turnedOff() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["DIRECT_DOWNLOAD": "false"]) { _, client in
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE")
                    #expect(!(try await client.logMessages(id)).contains { $0.hasPrefix("direct download") })
                }
                let page = files.publish(TestFeed.videoPage(title: "Page", sources: [media.lastPathComponent]), at: "page.html")
                try await withSpool { _, client in
                    let id = try await client.addJob(["url": page, "outputContainer": "mp4"])
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE")
                    #expect(try await client.logMessages(id).contains("downloading with yt-dlp: the URL answers text/html"))
                }
            }
        }
    }
}
