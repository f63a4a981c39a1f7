import Foundation
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Processing")
    struct Processing {
        /// Stores a processing profile named `name` (PUT).
        static func store(_ client: E2EClient, _ name: String, _ fields: [String: Any]) async throws {
            let response = try await client.send("PUT", "/api/processing/profiles/\(name)", json: fields)
            #expect(response.status == 200, "\(response.raw)")
        }

        /// The job's log lines of the process stage.
        static func processLog(_ client: E2EClient, _ id: String) async throws -> [String] {
            let response = try await client.send("GET", "/api/jobs/\(id)/logs?type=log&limit=500")
            let events = response.body["events"]?.arrayValue ?? []
            return events.filter { $0["payload"]?["stage"]?.stringValue == "process" }.compactMap { $0["payload"]?["message"]?.stringValue }
        }

        /// The video files in the server's library.
        static func libraryVideos(_ server: SpoolProcess) throws -> [String] {
            let library = server.mediaRoot.appendingPathComponent("library")
            return try FileManager.default.subpathsOfDirectory(atPath: library.path)
                .filter { $0.hasSuffix(".mkv") || $0.hasSuffix(".mp4") }.sorted()
        }

        @Test("720p hevc profile on a 1080p h264 clip: hevc, 720 high, same duration, audio kept, original replaced")
        func transcodeTo720pHEVC() async throws {
            let media = try await TestMedia.generateVideo(seconds: 3, width: 1920, height: 1080)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { server, client in
                    try await Self.store(client, "720p-hevc", ["quality": "720p", "codec": "hevc", "preset": "ultrafast", "keepOriginal": false])
                    let jobID = JobIDBox()
                    let frames = try await SSEReader.collect(client, timeout: .seconds(180), onOpen: {
                        jobID.value = try await client.addJob(["url": files.url(for: media.lastPathComponent), "process": "720p-hevc"])
                    }, until: { frames in
                        frames.contains { ["COMPLETE", "FAILED"].contains($0.envelope["payload"]?["to"]?.stringValue ?? "") }
                    })
                    let id = try #require(jobID.value)
                    let mine = frames.map(\.envelope).filter { $0["jobId"]?.stringValue == id }
                    let states = mine.filter { $0["type"]?.stringValue == "state_change" }.compactMap { $0["payload"]?["to"]?.stringValue }
                    #expect(states == ["DOWNLOADING", "DOWNLOADED", "PROCESSING", "COMPLETE"], "\(mine.suffix(6))")
                    let processProgress = mine.filter { $0["type"]?.stringValue == "progress" && $0["payload"]?["stage"]?.stringValue == "process" }
                    #expect(processProgress.contains { $0["payload"]?["percent"]?.doubleValue == 100 })

                    let job = try await client.job(id)
                    #expect(job["process"]?.stringValue == "720p-hevc")
                    #expect(job["stages"]?.arrayValue?.compactMap { $0["status"]?.stringValue } == ["done", "done"])
                    let path = try #require(job["outputPath"]?.stringValue)
                    let streams = try await MediaInspector.streams(of: path)
                    #expect(streams.map(\.codecType) == ["video", "audio"])
                    #expect(streams[0].codecName == "hevc" && streams[0].height == 720)
                    let before = try await MediaInspector.streamEnd(of: media.path, stream: "v:0")
                    let after = try await MediaInspector.streamEnd(of: path, stream: "v:0")
                    #expect(abs(before - after) <= 0.1, "duration \(after) s vs \(before) s")
                    #expect(try Self.libraryVideos(server).count == 1, "the original was replaced")

                    let report = try #require(job["processingReport"])
                    #expect(report["mode"]?.stringValue == "encode")
                    #expect(report["encoder"]?.stringValue == "libx265")
                    #expect(report["input"]?["height"]?.doubleValue == 1080)
                    #expect(report["output"]?["height"]?.doubleValue == 720)
                    #expect(report["output"]?["videoCodec"]?.stringValue == "hevc")
                    #expect((report["speed"]?.doubleValue ?? 0) > 0)
                    #expect(report["originalPath"] == nil || report["originalPath"] == .null)
                }
            }
        }

        @Test("a dubbed job with processing keeps both audio tracks, their tags and the default voice-over; the original is kept beside")
        func dubbedJobKeepsTracks() async throws {
            let media = try await TestMedia.generateVideo(seconds: 12, width: 1280, height: 720, toneFrequency: 13_000)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["YTDLP_START": "cold"]) { server, client in
                    try await Self.store(client, "small", ["quality": "480p", "codec": "h264", "preset": "ultrafast", "qualityMetric": "ssim"])
                    var fields = EndToEnd.Dubbing.dubJob(files.url(for: media.lastPathComponent))
                    fields["process"] = "small"
                    let id = try await client.addJob(fields)
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(240))
                    #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                    #expect(job["stages"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["download", "dub", "mux", "process"])
                    let path = try #require(job["outputPath"]?.stringValue)
                    #expect(path.hasSuffix(".small.mkv"))
                    let streams = try await MediaInspector.streams(of: path)
                    #expect(streams.map(\.codecType) == ["video", "audio", "audio"])
                    #expect(streams[0].height == 480)
                    #expect(streams[1].language == "eng" && !streams[1].isDefault)
                    #expect(streams[2].language == "rus" && streams[2].isDefault)
                    #expect(streams[2].title == "Russian voice-over")

                    let report = try #require(job["processingReport"])
                    let original = try #require(report["originalPath"]?.stringValue)
                    #expect(FileManager.default.fileExists(atPath: original), "the original is kept")
                    #expect(try await MediaInspector.streams(of: original).map(\.codecType) == ["video", "audio", "audio"])
                    #expect(try Self.libraryVideos(server).count == 2)
                    let ssim = try #require(report["quality"]?["value"]?.doubleValue)
                    #expect(report["quality"]?["metric"]?.stringValue == "ssim")
                    #expect(ssim > 0.8 && ssim <= 1, "ssim \(ssim)")

                    let deleted = try await client.send("DELETE", "/api/jobs/\(id)?deleteFiles=true")
                    #expect(deleted.status == 204)
                    #expect(try Self.libraryVideos(server).isEmpty, "deleting the job removes the original too")
                }
            }
        }

        @Test("copy when compliant: a clip already within the profile is stream-copied, not re-encoded")
        func copyWhenCompliant() async throws {
            let media = try await TestMedia.generateVideo(seconds: 3)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { _, client in
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4", "process": "720p-h264"])
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                    let report = try #require(job["processingReport"])
                    #expect(report["mode"]?.stringValue == "copy")
                    #expect(report["encoder"]?.stringValue == "copy")
                    let path = try #require(job["outputPath"]?.stringValue)
                    #expect(try await MediaInspector.videoFrameHashes(of: path) == MediaInspector.videoFrameHashes(of: media.path),
                            "the video packets are the original's")
                    #expect(try await Self.processLog(client, id).contains { $0.contains("already meets the 720p-h264 profile") })
                }
            }
        }

        @Test("hardware detection reports every compiled-in GPU encoder as not working; a useGPU job finishes in software and says why")
        func gpuFallsBackToSoftware() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { _, client in
                    let hw = try await client.send("GET", "/api/hw").body
                    let encoders = hw["encoders"]?.arrayValue ?? []
                    #expect(!encoders.isEmpty, "Debian's ffmpeg has nvenc, qsv and vaapi compiled in")
                    for encoder in encoders {
                        #expect(encoder["works"] == .bool(false), "\(encoder)")
                        let error = encoder["error"]?.stringValue ?? ""
                        #expect(!error.isEmpty, "\(encoder)")
                    }
                    try await Self.store(client, "gpu", ["quality": "480p", "codec": "hevc", "preset": "ultrafast", "useGPU": true, "copyWhenCompliant": false])
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "process": "gpu"])
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                    let report = try #require(job["processingReport"])
                    #expect(report["hardware"] == .bool(false))
                    #expect(report["encoder"]?.stringValue == "libx265")
                    let reason = report["fallbackReason"]?.stringValue ?? ""
                    #expect(reason.contains("no working hardware encoder for hevc") && reason.contains("hevc_"), "\(reason)")
                    #expect(try await Self.processLog(client, id).contains { $0.contains("no working hardware encoder") })
                }
            }
        }

        /// Waits until the job's transcode has visibly started.
        static func waitForTranscode(_ client: E2EClient, _ id: String) async throws {
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                let job = try await client.job(id)
                if job["status"]?.stringValue == "PROCESSING", (job["progress"]?["percent"]?.doubleValue ?? 0) > 0 { return }
                #expect(!["FAILED", "COMPLETE"].contains(job["status"]?.stringValue ?? ""), "\(job)")
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the transcode did not start")
        }

        /// A profile slow enough to interrupt: 1080p x265 at `medium`.
        static func slow(preset: String = "medium") -> [String: Any] {
            ["quality": "1080p", "codec": "hevc", "preset": preset, "copyWhenCompliant": false, "keepOriginal": false]
        }

        @Test("cancel mid-transcode leaves no ffmpeg and no temp file")
        func cancelMidTranscode() async throws {
            let media = try await TestMedia.generateVideo(seconds: 30, width: 1280, height: 720)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { server, client in
                    try await Self.store(client, "slow", Self.slow())
                    let pid = try #require(server.pid)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "process": "slow"])
                    try await Self.waitForTranscode(client, id)
                    #expect(ProcessTree.descendants(of: pid).contains { ProcessTree.commandLine($0).contains("ffmpeg") })
                    let canceled = try await client.send("POST", "/api/jobs/\(id)/cancel")
                    #expect(canceled.status == 200)
                    let deadline = ContinuousClock.now + .seconds(30)
                    while ContinuousClock.now < deadline, ProcessTree.descendants(of: pid).contains(where: { ProcessTree.commandLine($0).contains("ffmpeg") }) {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(!ProcessTree.descendants(of: pid).contains { ProcessTree.commandLine($0).contains("ffmpeg") }, "ffmpeg is gone")
                    #expect(await FileWait.isGone(server.mediaRoot.appendingPathComponent("tmp/\(id)").path), "the temp folder is gone")
                    #expect(try await client.job(id)["status"]?.stringValue == "CANCELED")
                }
            }
        }

        @Test("pause mid-transcode stops ffmpeg and keeps the download; resume runs the stage again from its start")
        func pauseAndResumeTranscode() async throws {
            let media = try await TestMedia.generateVideo(seconds: 30, width: 1280, height: 720)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { server, client in
                    try await Self.store(client, "slow", Self.slow(preset: "veryfast"))
                    let pid = try #require(server.pid)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "process": "slow"])
                    try await Self.waitForTranscode(client, id)
                    let paused = try await client.send("POST", "/api/jobs/\(id)/pause")
                    #expect(paused.status == 200)
                    let deadline = ContinuousClock.now + .seconds(30)
                    while ContinuousClock.now < deadline, ProcessTree.descendants(of: pid).contains(where: { ProcessTree.commandLine($0).contains("ffmpeg") }) {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(!ProcessTree.descendants(of: pid).contains { ProcessTree.commandLine($0).contains("ffmpeg") }, "ffmpeg stopped")
                    let job = try await client.job(id)
                    #expect(job["status"]?.stringValue == "PAUSED")
                    #expect(job["pausedFrom"]?.stringValue == "DOWNLOADED")
                    let original = try #require(job["outputPath"]?.stringValue)
                    #expect(FileManager.default.fileExists(atPath: original), "the download is kept")
                    let sent = files.bytesSent(for: "/" + media.lastPathComponent)

                    let resumed = try await client.send("POST", "/api/jobs/\(id)/resume")
                    #expect(resumed.status == 200)
                    let done = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(240))
                    #expect(done["status"]?.stringValue == "COMPLETE", "\(done)")
                    #expect(files.bytesSent(for: "/" + media.lastPathComponent) == sent, "nothing was downloaded again")
                    let path = try #require(done["outputPath"]?.stringValue)
                    #expect(try await MediaInspector.streams(of: path).first?.codecName == "hevc")
                }
            }
        }

        @Test("kill -9 of the server mid-transcode, then a restart: the job finishes with one good file")
        func crashMidTranscode() async throws {
            let media = try await TestMedia.generateVideo(seconds: 30, width: 1280, height: 720)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                let server = try SpoolProcess()
                defer { Task { await server.destroy() } }
                try await server.start()
                var client = try await E2EClient.login(server)
                try await Self.store(client, "slow", Self.slow(preset: "veryfast"))
                let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "process": "slow"])
                try await Self.waitForTranscode(client, id)
                let pid = try #require(server.pid)
                let children = ProcessTree.descendants(of: pid)
                await server.stop(signal: SIGKILL)
                let deadline = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < deadline, children.contains(where: ProcessTree.isAlive) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let orphans = children.filter(ProcessTree.isAlive).map(ProcessTree.commandLine)
                #expect(orphans.isEmpty, "no orphaned ffmpeg keeps running: \(orphans)")

                try await server.start()
                client = try await E2EClient.login(server)
                let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(240))
                #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                let path = try #require(job["outputPath"]?.stringValue)
                let streams = try await MediaInspector.streams(of: path)
                #expect(streams.first?.codecName == "hevc")
                let end = try await MediaInspector.streamEnd(of: path, stream: "v:0")
                #expect(abs(end - 30) <= 0.1, "the whole video: \(end) s")
                #expect(try Self.libraryVideos(server) == [String(path.dropFirst(server.mediaRoot.appendingPathComponent("library").path.count + 1))])
                await server.destroy()
            }
        }
    }
}

extension EndToEnd.Distributed {
    @Test("a process worker on Redis/PostgreSQL runs the PROCESSING stage")
    func processWorker() async throws {
        let media = try await TestMedia.generateVideo(seconds: 3, width: 1280, height: 720)
        try await withMediaServer(media.deletingLastPathComponent()) { files in
            try await withCluster { cluster, processes in
                let gateway = processes.add(try await cluster.gateway())
                processes.add(try await cluster.worker("download"))
                let client = try await E2EClient.login(gateway)
                try await EndToEnd.Processing.store(client, "mini", ["quality": "480p", "codec": "h264", "preset": "ultrafast", "keepOriginal": false])
                let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "process": "mini"])
                let downloaded = try await client.waitForStatus(id, in: ["DOWNLOADED", "FAILED", "COMPLETE"])
                #expect(downloaded["status"]?.stringValue == "DOWNLOADED", "waits for a process worker: \(downloaded)")
                processes.add(try await cluster.worker("process"))
                let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                let path = try #require(job["outputPath"]?.stringValue)
                #expect(try await MediaInspector.streams(of: path).first?.height == 480)
                #expect(job["processingReport"]?["encoder"]?.stringValue == "libx264")
            }
        }
    }
}
