import Foundation
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Dubbing")
    struct Dubbing {
        /// Two Russian cues over a 12 s clip whose original audio is a 13 kHz tone.
        static let subtitles = """
            1
            00:00:02,000 --> 00:00:05,500
            Привет! Это закадровый перевод, он звучит поверх оригинала.

            2
            00:00:06,000 --> 00:00:08,500
            А оригинал в это время звучит тише.

            """

        /// Many short cues, so the dub stage runs long enough to be interrupted.
        static func manyCues(_ count: Int) -> String {
            (0..<count).map { index in
                let start = Double(index) * 0.5
                return "\(index + 1)\n\(clock(start)) --> \(clock(start + 0.45))\nфраза номер \(index + 1)\n"
            }.joined(separator: "\n")
        }

        static func clock(_ seconds: Double) -> String {
            let ms = Int((seconds * 1000).rounded())
            return String(format: "%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
        }

        static func dubJob(_ url: String, subtitles: String = subtitles, provider: String? = "tts") -> [String: Any] {
            var fields: [String: Any] = [
                "url": url, "outputContainer": "mkv", "requestedDubbing": true, "targetLang": "ru",
                "sourceLang": "en", "dubbingSubtitles": subtitles,
            ]
            if let provider { fields["dubbingProvider"] = provider }
            return fields
        }

        @Test("offline tts: one MKV with the video untouched, the original as a:0 and a ducked, normalised Russian voice-over as default a:1")
        func ttsDubbingCompletes() async throws {
            let media = try await TestMedia.generateVideo(seconds: 12, toneFrequency: 13_000)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["YTDLP_START": "cold"]) { server, client in
                    let jobID = JobIDBox()
                    let frames = try await SSEReader.collect(client, timeout: .seconds(180), onOpen: {
                        jobID.value = try await client.addJob(Self.dubJob(files.url(for: media.lastPathComponent)))
                    }, until: { frames in
                        frames.contains { ["COMPLETE", "FAILED"].contains($0.envelope["payload"]?["to"]?.stringValue ?? "") }
                    })
                    let id = try #require(jobID.value)
                    let mine = frames.map(\.envelope).filter { $0["jobId"]?.stringValue == id }
                    let states = mine.filter { $0["type"]?.stringValue == "state_change" }.compactMap { $0["payload"]?["to"]?.stringValue }
                    #expect(states == ["DOWNLOADING", "DOWNLOADED", "DUBBING", "DUBBED", "MUXING", "COMPLETE"], "\(mine.suffix(8))")
                    let stagesWithProgress = Set(mine.filter { $0["type"]?.stringValue == "progress" }.compactMap { $0["payload"]?["stage"]?.stringValue })
                    #expect(stagesWithProgress.isSuperset(of: ["download", "dub", "mux"]))

                    let job = try await client.job(id)
                    let stages = job["stages"]?.arrayValue?.compactMap { $0["status"]?.stringValue }
                    #expect(stages == ["done", "done", "done"])
                    let path = try #require(job["outputPath"]?.stringValue)
                    #expect(path.hasSuffix(".mkv"))
                    let library = server.mediaRoot.appendingPathComponent("library")
                    let filesInLibrary = try FileManager.default.subpathsOfDirectory(atPath: library.path).filter { !$0.hasPrefix(".") && $0.contains(".") }
                    #expect(filesInLibrary.count == 1, "the download-only file was replaced, not duplicated: \(filesInLibrary)")
                    #expect(await FileWait.isGone(server.mediaRoot.appendingPathComponent("tmp/\(id)").path))

                    let streams = try await MediaInspector.streams(of: path)
                    #expect(streams.map(\.codecType) == ["video", "audio", "audio"])
                    #expect(streams[1].language == "eng" && !streams[1].isDefault)
                    #expect(streams[2].language == "rus" && streams[2].isDefault)
                    #expect(streams[2].title == "Russian voice-over")
                    #expect(try await MediaInspector.videoFrameHashes(of: path) == MediaInspector.videoFrameHashes(of: media.path))
                    let loudness = try await MediaInspector.integratedLoudness(of: path, stream: "a:1")
                    #expect(abs(loudness - -18) <= 1, "voice-over loudness \(loudness) LUFS")
                    let video = try await MediaInspector.streamEnd(of: path, stream: "v:0")
                    for audio in ["a:0", "a:1"] {
                        let end = try await MediaInspector.streamEnd(of: path, stream: audio)
                        #expect(abs(end - video) <= 0.040, "\(audio) ends at \(end) s, video at \(video) s")
                    }
                    let tone = "highpass=f=11000,highpass=f=11000"
                    let underVoice = try await MediaInspector.rmsLevel(of: path, stream: "a:1", from: 2.5, to: 4.5, filter: tone)
                    let alone = try await MediaInspector.rmsLevel(of: path, stream: "a:1", from: 9.5, to: 11.5, filter: tone)
                    #expect(alone - underVoice >= 6, "the original drops \(alone - underVoice) dB under the voice")
                }
            }
        }

        @Test("cancel during DUBBING leaves no child process and no temporary files")
        func cancelDuringDubbing() async throws {
            try await cancelMidStage("DUBBING")
        }

        @Test("cancel during MUXING leaves no child process and no temporary files")
        func cancelDuringMuxing() async throws {
            try await cancelMidStage("MUXING")
        }

        func cancelMidStage(_ state: String) async throws {
            // DUBBING: 160 short cues keep the tts engine busy; MUXING: a 90 s clip keeps ffmpeg busy.
            let seconds = state == "MUXING" ? 90 : 80
            let media = try await TestMedia.generateVideo(seconds: seconds, width: 320, height: 180)
            let cues = state == "MUXING" ? Self.subtitles : Self.manyCues(160)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["YTDLP_START": "cold"]) { server, client in
                    let pid = try #require(server.pid)
                    // The hardware encoders' test encodes at start (slow on a loaded machine) are not the stage's:
                    // GET /api/hw answers once that detection is over (the probes run in turns, so an
                    // empty process tree alone can be a gap between two of them); asked again should one
                    // request time out first.
                    let detected = ContinuousClock.now + .seconds(180)
                    var detectionOver = false
                    while !detectionOver, ContinuousClock.now < detected {
                        detectionOver = (try? await client.send("GET", "/api/hw"))?.status == 200
                        if !detectionOver { try await Task.sleep(for: .milliseconds(500)) }
                    }
                    #expect(detectionOver, "GET /api/hw answers once the hardware encoders are tested")
                    _ = await ProcessTree.waitForNone(under: pid, quiet: .milliseconds(500), limit: .seconds(60))
                    let id = try await client.addJob(Self.dubJob(files.url(for: media.lastPathComponent), subtitles: cues))
                    _ = try await client.waitForStatus(id, in: [state, "COMPLETE", "FAILED"], timeout: .seconds(120))
                    // Wait for the stage's child process (espeak-ng or ffmpeg) to be there.
                    var children: Set<Int32> = []
                    let start = ContinuousClock.now
                    while ContinuousClock.now - start < .seconds(20), children.isEmpty {
                        children = ProcessTree.descendants(of: pid)
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    #expect(!children.isEmpty, "the \(state) stage runs a child process")
                    let canceled = try await client.send("POST", "/api/jobs/\(id)/cancel")
                    #expect(canceled.body["job"]?["status"]?.stringValue == "CANCELED", "\(canceled.status) \(canceled.body) children: \(children.map(ProcessTree.commandLine))")
                    let left = await ProcessTree.waitForNone(under: pid)
                    #expect(left.isEmpty, "no child process is left: \(left) \(left.keys.map(ProcessTree.commandLine))")
                    for child in children { #expect(!ProcessTree.isAlive(child)) }
                    let work = server.mediaRoot.appendingPathComponent("tmp/\(id)").path
                    let cleanup = ContinuousClock.now + .seconds(5)
                    while ContinuousClock.now < cleanup, FileManager.default.fileExists(atPath: work) {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    let files = (try? FileManager.default.subpathsOfDirectory(atPath: work)) ?? []
                    #expect(!FileManager.default.fileExists(atPath: work), "temporary files are removed: \(files)")
                    #expect(try await client.job(id)["status"]?.stringValue == "CANCELED")
                }
            }
        }

        @Test("a job that failed at DUBBING resumes there: the download is not repeated")
        func resumeSkipsDownload() async throws {
            let media = try await TestMedia.generateVideo(seconds: 12, toneFrequency: 13_000)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                let data = FileManager.default.temporaryDirectory.appendingPathComponent("spool-e2e-resume-\(UUID().uuidString.prefix(8))")
                defer { try? FileManager.default.removeItem(at: data) }
                // First run: the default engine (openai) is not configured, so dubbing fails for good.
                let first = try SpoolProcess(environment: ["YTDLP_START": "cold", "DUBBING_PROVIDER": "openai"], dataDirectory: data)
                try await first.start()
                let id: String
                do {
                    let client = try await E2EClient.login(first)
                    id = try await client.addJob(Self.dubJob(files.url(for: media.lastPathComponent), provider: nil))
                    let failed = try await client.waitForStatus(id, in: ["FAILED", "COMPLETE"], timeout: .seconds(120))
                    #expect(failed["status"]?.stringValue == "FAILED")
                    #expect(failed["error"]?["code"]?.stringValue == "provider_unavailable")
                    #expect(failed["error"]?["stage"]?.stringValue == "dub")
                    #expect(failed["stages"]?.arrayValue?.compactMap { $0["status"]?.stringValue } == ["done", "failed", "pending"])
                } catch {
                    print("spool output:\n\(first.output.suffix(4_000))")
                    await first.stop()
                    throw error
                }
                await first.stop()
                let fetched = files.bytesSent(for: media.lastPathComponent)
                #expect(fetched > 0)

                // The administrator switches the default engine to tts and resumes the job.
                let second = try SpoolProcess(environment: ["YTDLP_START": "cold", "DUBBING_PROVIDER": "tts"], dataDirectory: data)
                try await second.start()
                do {
                    let client = try await E2EClient.login(second)
                    let resumed = try await client.send("POST", "/api/jobs/\(id)/resume")
                    #expect(resumed.body["job"]?["status"]?.stringValue == "DOWNLOADED", "\(resumed.body)")
                    let done = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(120))
                    #expect(done["status"]?.stringValue == "COMPLETE", "\(done)")
                    #expect(files.bytesSent(for: media.lastPathComponent) == fetched, "nothing was downloaded again")
                    let events = try await client.send("GET", "/api/jobs/\(id)/logs?type=state_change&limit=100")
                    let states = events.body["events"]?.arrayValue?.compactMap { $0["payload"]?["to"]?.stringValue } ?? []
                    #expect(states == ["DOWNLOADING", "DOWNLOADED", "DUBBING", "FAILED", "DOWNLOADED", "DUBBING", "DUBBED", "MUXING", "COMPLETE"], "\(states)")
                } catch {
                    print("spool output:\n\(second.output.suffix(4_000))")
                    await second.stop()
                    throw error
                }
                await second.stop()
            }
        }
    }
}
