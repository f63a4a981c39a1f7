import Foundation
import SpoolCore
import SpoolTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    @Suite("Queue control")
    struct QueueControl {
        /// A 12 s clip served at 1 MB/s so a download takes several seconds.
        static func slowMedia() async throws -> URL {
            try await TestMedia.generateVideo(seconds: 12, width: 1280, height: 720)
        }

        static func fileSize(_ url: URL) throws -> Int64 {
            (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        }

        @Test("pause keeps the .part file and resume continues from it without re-fetching bytes")
        func pauseResume() async throws {
            let media = try await Self.slowMedia()
            let size = try Self.fileSize(media)
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 6)) { files in
                try await withSpool { server, client in
                    let path = "/" + media.lastPathComponent
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    try await client.waitForBytes(id, atLeast: Double(size) / 3)
                    let paused = try await client.send("POST", "/api/jobs/\(id)/pause")
                    #expect(paused.status == 200)
                    #expect(paused.body["job"]?["status"]?.stringValue == "PAUSED")
                    let sentAtPause = try #require(try await files.settledBytesSent(for: path), "the download stopped on pause")
                    let work = server.mediaRoot.appendingPathComponent("tmp/\(id)")
                    let parts = try FileManager.default.subpathsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".part") }
                    #expect(!parts.isEmpty, "the .part file is kept while paused")
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(files.bytesSent(for: path) == sentAtPause, "nothing is downloaded while paused")

                    let resumed = try await client.send("POST", "/api/jobs/\(id)/resume")
                    #expect(resumed.body["job"]?["status"]?.stringValue == "QUEUED")
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE")
                    let afterResume = files.bytesSent(for: path) - sentAtPause
                    // Re-downloading from zero would send the whole file again.
                    #expect(afterResume < size - sentAtPause / 2, "resume fetched \(afterResume) of \(size) bytes after \(sentAtPause) were sent")
                    let output = try #require(job["outputPath"]?.stringValue)
                    #expect(FileManager.default.contentsEqual(atPath: output, andPath: media.path), "the resumed file is identical to the source")
                }
            }
        }

        @Test("cancel kills yt-dlp (no child left) and removes the temporary files")
        func cancelKillsChild() async throws {
            let media = try await Self.slowMedia()
            let size = try Self.fileSize(media)
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 8)) { files in
                // A plain file would take the direct path: this test is about yt-dlp's child process.
                try await withSpool(environment: ["YTDLP_START": "cold", "DIRECT_DOWNLOAD": "false"]) { server, client in
                    let pid = try #require(server.pid)
                    // Once the start-up children (the hardware encoders' test encodes) are done: none.
                    #expect(await ProcessTree.settledDescendants(of: pid).isEmpty)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent)])
                    try await client.waitForBytes(id, atLeast: Double(size) / 8)
                    let running = ProcessTree.descendants(of: pid)
                    #expect(!running.isEmpty, "yt-dlp runs as a child")
                    let canceled = try await client.send("POST", "/api/jobs/\(id)/cancel")
                    #expect(canceled.body["job"]?["status"]?.stringValue == "CANCELED")
                    let left = await ProcessTree.waitForNone(under: pid)
                    #expect(left.isEmpty, "no child process is left: \(left)")
                    for child in running { #expect(!ProcessTree.isAlive(child)) }
                    let work = server.mediaRoot.appendingPathComponent("tmp/\(id)").path
                    #expect(await FileWait.isGone(work), "temporary files are removed")
                    let job = try await client.job(id)
                    #expect(job["status"]?.stringValue == "CANCELED")
                }
            }
        }

        @Test("with the warm start, cancel leaves only the idle fork server (or spare helper)")
        func cancelWarm() async throws {
            let media = try await Self.slowMedia()
            let size = try Self.fileSize(media)
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 8)) { files in
                try await withSpool(environment: ["DIRECT_DOWNLOAD": "false"]) { server, client in
                    let pid = try #require(server.pid)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent)])
                    try await client.waitForBytes(id, atLeast: Double(size) / 8)
                    let busy = ProcessTree.descendants(of: pid)
                    _ = try await client.send("POST", "/api/jobs/\(id)/cancel")
                    let deadline = ContinuousClock.now + .seconds(30)
                    while ContinuousClock.now < deadline, ProcessTree.descendants(of: pid).count > 1 {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    let after = ProcessTree.descendants(of: pid)
                    #expect(after.count == 1 && after.allSatisfy { ProcessTree.commandLine($0).contains("ytdlp_helper") },
                            "only the idle warm start remains: \(after.map(ProcessTree.commandLine))")
                    #expect(busy.subtracting(after).allSatisfy { !ProcessTree.isAlive($0) })
                }
            }
        }

        @Test("the fork server starts on first use, not with Spool or a login: a web UI connection or a download that needs yt-dlp; a plain file needs none; idle, it stops")
        func idleForkServer() async throws {
            let media = try await TestMedia.generateVideo(seconds: 1)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["YTDLP_START": "fork", "YTDLP_IDLE_STOP": "2s"]) { server, client in
                    let pid = try #require(server.pid)
                    @Sendable func helpers() -> [Int32] {
                        ProcessTree.descendants(of: pid).filter { ProcessTree.commandLine($0).contains("--fork-server") }
                    }
                    @Sendable func waitFor(_ what: String, _ condition: () -> Bool) async throws {
                        let deadline = ContinuousClock.now + .seconds(60)
                        while ContinuousClock.now < deadline, !condition() {
                            try await Task.sleep(for: .milliseconds(50))
                        }
                        #expect(condition(), "\(what): \(server.output.suffix(800))")
                    }
                    @Sendable func idleStops() -> Int { server.output.components(separatedBy: "stopping the idle yt-dlp fork server").count - 1 }

                    // Started and logged in (withSpool's client): nothing else runs.
                    try await Task.sleep(for: .seconds(1))
                    #expect(helpers().isEmpty, "no fork server before first use: \(ProcessTree.descendants(of: pid).map(ProcessTree.commandLine))")
                    let plain = try await client.addJob(["url": files.url(for: media.lastPathComponent)])
                    _ = try await client.waitForStatus(plain, in: ["COMPLETE"], timeout: .seconds(60))
                    #expect(helpers().isEmpty, "a plain media file is fetched without yt-dlp")

                    // A web UI connection starts it; unused for 2 s, it stops.
                    try await client.withLiveEvents {
                        try await waitFor("a web UI connection starts the fork server") { helpers().count == 1 }
                    }
                    #expect(server.output.contains("started the yt-dlp fork server"), "the log says so")
                    try await waitFor("the fork server stops after 2 s unused") { helpers().isEmpty && idleStops() == 1 }

                    // A download that needs yt-dlp (a format expression) starts it again.
                    let picked = try await client.addJob(["url": files.url(for: media.lastPathComponent) + "?again", "formatPreset": "b"])
                    let done = try await client.waitForStatus(picked, in: ["COMPLETE", "FAILED"], timeout: .seconds(120))
                    #expect(done["status"]?.stringValue == "COMPLETE", "\(done)")
                    try await waitFor("the fork server ran that download, then stopped again") { helpers().isEmpty && idleStops() == 2 }
                }
            }
        }

        @Test("kill -9 of the server mid-download; after a restart the job completes from its .part file")
        func crashRecovery() async throws {
            let media = try await Self.slowMedia()
            let size = try Self.fileSize(media)
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 6)) { files in
                let server = try SpoolProcess()
                defer { Task { await server.destroy() } }
                try await server.start()
                var client = try await E2EClient.login(server)
                let pid = try #require(server.pid)
                let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                try await client.waitForBytes(id, atLeast: Double(size) / 3)
                let children = ProcessTree.descendants(of: pid)
                await server.stop(signal: SIGKILL)
                // Children die with the server (parent-death signal), so nothing keeps writing the .part file.
                let deadline = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < deadline, children.contains(where: ProcessTree.isAlive) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(!children.contains(where: ProcessTree.isAlive), "no orphaned yt-dlp keeps running")
                let sentBeforeRestart = files.bytesSent(for: "/" + media.lastPathComponent)

                try await server.start()
                client = try await E2EClient.login(server)
                let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                #expect(job["status"]?.stringValue == "COMPLETE")
                let output = try #require(job["outputPath"]?.stringValue)
                #expect(FileManager.default.contentsEqual(atPath: output, andPath: media.path))
                let afterRestart = files.bytesSent(for: "/" + media.lastPathComponent) - sentBeforeRestart
                #expect(afterRestart < size - sentBeforeRestart / 2, "continued from the .part file")
                await server.destroy()
            }
        }

        @Test("start now runs a queued job beside the running one, ahead of the limit")
        func startNow() async throws {
            let media = try await Self.slowMedia()
            let size = try Self.fileSize(media)
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 6)) { files in
                try await withSpool { _, client in
                    let url = files.url(for: media.lastPathComponent)
                    let first = try await client.addJob(["url": url])
                    let second = try await client.addJob(["url": url, "tags": ["second"]])
                    try await client.waitForBytes(first, atLeast: 1)
                    #expect(try await client.job(second)["status"]?.stringValue == "QUEUED", "the limit of one holds")
                    let started = try await client.send("POST", "/api/jobs/\(second)/start")
                    #expect(started.status == 200)
                    try await client.waitForBytes(second, atLeast: 1)
                    #expect(try await client.job(first)["status"]?.stringValue == "DOWNLOADING", "both run at once")
                    for id in [first, second] {
                        _ = try await client.send("POST", "/api/jobs/\(id)/cancel")
                    }
                }
            }
        }

        @Test("a download without progress is restarted once, then failed as stalled")
        func stallDetection() async throws {
            let media = try await Self.slowMedia()
            // 200 bytes/s: yt-dlp reads in large blocks, so its progress does not move for seconds.
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: 200) { files in
                try await withSpool(environment: ["STALL_TIMEOUT": "2s", "STALL_RESTARTS": "1", "MAX_RETRIES": "0"]) { _, client in
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent)])
                    let job = try await client.waitForStatus(id, in: ["FAILED", "COMPLETE"], timeout: .seconds(60))
                    #expect(job["status"]?.stringValue == "FAILED")
                    #expect(job["error"]?["code"]?.stringValue == "stalled")
                    let logs = try await client.send("GET", "/api/jobs/\(id)/logs?limit=500")
                    #expect(logs.raw.contains("restarting the download (1 of 1)"))
                }
            }
        }

        @Test("downloads run one at a time in priority then queue order; move reorders")
        func ordering() async throws {
            let media = try await TestMedia.generateVideo(seconds: 3)
            let size = try Self.fileSize(media)
            // Each download takes about two seconds, so later jobs are queued while one runs.
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: Int(size / 2)) { files in
                try await withSpool { _, client in
                    let url = files.url(for: media.lastPathComponent)
                    // The first job starts at once; the others queue behind it.
                    let a = try await client.addJob(["url": url, "tags": ["a"]])
                    let b = try await client.addJob(["url": url, "tags": ["b"]])
                    let c = try await client.addJob(["url": url, "tags": ["c"], "priority": "high"])
                    let d = try await client.addJob(["url": url, "tags": ["d"]])
                    _ = try await client.send("POST", "/api/jobs/\(d)/move", json: ["to": "top"])
                    for id in [a, b, c, d] { try await client.waitForStatus(id, in: ["COMPLETE"]) }
                    var started: [(String, String)] = []
                    for id in [a, b, c, d] {
                        let job = try await client.job(id)
                        started.append((id, job["startedAt"]?.stringValue ?? ""))
                    }
                    let order = started.sorted { $0.1 < $1.1 }.map(\.0)
                    // a was claimed at once; then high-priority c; then d (moved to the top); then b.
                    #expect(order == [a, c, d, b])
                }
            }
        }
    }
}
