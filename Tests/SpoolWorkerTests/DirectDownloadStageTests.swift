import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

@testable import SpoolWorker

/// The download stage with the direct-file fast path beside yt-dlp: which way a job goes and why,
/// and pause, resume and cancel of a direct download, on loopback with the real tools.
@Suite("Direct downloads in the download stage", .serialized)
struct DirectDownloadStageTests {
    @Test("a plain MP4 takes the fast path: the log says so, the library file equals the source")
    func plainFile() async throws {
        let rig = try RealDownloadRig()
        let video = try await TestMedia.generateVideo(seconds: 3)
        try await withServer(video.deletingLastPathComponent()) { server in
            try await rig.run(direct: DirectDownloader()) {
                let job = try await rig.service.create(JobOptions(url: server.url(for: video.lastPathComponent), outputContainer: .mp4))
                let done = try await rig.waitUntilTerminal(job.id)
                #expect(done.state == .complete, "\(done.failure?.message ?? "")")
                let stem = video.deletingPathExtension().lastPathComponent
                #expect(done.outputPath == "\(rig.library)/generic/\(stem) [\(stem)].mp4")
                #expect(FileManager.default.contentsEqual(atPath: done.outputPath ?? "", andPath: video.path))
                #expect(done.title == stem && done.progress.percent == 100)
                let logs = try await rig.logs(of: job.id)
                #expect(logs.contains("direct download (no yt-dlp): video/mp4, \(ByteCount.format(try Self.size(of: video))), byte ranges accepted"))
                let media = try #require(try await rig.store.media(for: job.id))
                #expect(media.extractor == "generic" && media.videoCodec == "h264")
                #expect(!FileManager.default.fileExists(atPath: rig.storage.workDirectory(for: job.id)))
            }
        }
    }

    @Test("a page goes to yt-dlp, and so does an audio preset of a plain file; the log says why")
    func yieldsToYtDlp() async throws {
        let rig = try RealDownloadRig()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-direct-page-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await TestMedia.generateVideo(seconds: 2, width: 320, height: 180, to: folder.appendingPathComponent("clip.mp4"))
        try await withServer(folder) { server in
            let page = server.publish(TestFeed.videoPage(title: "A page", sources: ["clip.mp4"]), at: "watch.html")
            try await rig.run(direct: DirectDownloader()) {
                let viaPage = try await rig.service.create(JobOptions(url: page, outputContainer: .mp4))
                let pageDone = try await rig.waitUntilTerminal(viaPage.id)
                #expect(pageDone.state == .complete, "\(pageDone.failure?.message ?? "")")
                #expect(try await rig.logs(of: viaPage.id).contains("downloading with yt-dlp: the URL answers text/html"))

                let audio = try await rig.service.create(JobOptions(url: server.url(for: "clip.mp4"), formatPreset: "audio-m4a"))
                let audioDone = try await rig.waitUntilTerminal(audio.id)
                #expect(audioDone.state == .complete, "\(audioDone.failure?.message ?? "")")
                #expect(audioDone.outputPath?.hasSuffix(".m4a") == true)
                #expect(try await rig.logs(of: audio.id).contains("downloading with yt-dlp: the audio-m4a preset extracts the audio"))
            }
        }
    }

    @Test("pause keeps the .part and its map; resume fetches only the rest; cancel removes both")
    func pauseResumeCancel() async throws {
        let rig = try RealDownloadRig()
        let video = try await TestMedia.generateBulkyVideo(megabytes: 24)
        let size = try Self.size(of: video)
        try await withServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size / 32)) { server in
            let path = video.lastPathComponent
            try await rig.run(direct: DirectDownloader()) {
                let job = try await rig.service.create(JobOptions(url: server.url(for: path), outputContainer: .mp4))
                try await Self.waitForBytes(rig, job.id, atLeast: size / 3)
                try await rig.service.apply(.pause, to: job.id)
                let work = rig.storage.workDirectory(for: job.id)
                try await Self.wait { try await rig.logs(of: job.id).contains("download paused; partial files kept") }
                let sentAtPause = try #require(try await server.settledBytesSent(for: path), "the transfers ended on pause")
                let part = try #require(Self.files(in: work, endingWith: ".part").first)
                let map = try #require(ResumeMap.load(from: part + ".map"))
                #expect(map.done.count >= size / 3 && map.done.count <= sentAtPause)
                #expect(server.peakConcurrentTransfers(for: path) == 4)

                try await rig.service.apply(.resume, to: job.id)
                let done = try await rig.waitUntilTerminal(job.id)
                #expect(done.state == .complete, "\(done.failure?.message ?? "")")
                #expect(FileManager.default.contentsEqual(atPath: done.outputPath ?? "", andPath: video.path))
                let afterResume = server.bytesSent(for: path) - sentAtPause
                #expect(afterResume <= size - map.done.count + (1 << 20), "resume fetched \(afterResume) bytes; \(size - map.done.count) were missing")
                #expect(try await rig.logs(of: job.id).contains { $0.hasPrefix("resuming from the resume map:") })

                let second = try await rig.service.create(JobOptions(url: server.url(for: path), outputContainer: .mp4))
                try await Self.waitForBytes(rig, second.id, atLeast: size / 4)
                let secondWork = rig.storage.workDirectory(for: second.id)
                try await Self.wait { !Self.files(in: secondWork, endingWith: ".part.map").isEmpty }
                try await rig.service.apply(.cancel, to: second.id)
                let canceled = try await rig.waitUntilTerminal(second.id)
                #expect(canceled.state == .canceled)
                try await Self.wait { !FileManager.default.fileExists(atPath: secondWork) }
                #expect(Self.files(in: secondWork, endingWith: ".part").isEmpty && Self.files(in: secondWork, endingWith: ".map").isEmpty)
            }
        }
    }

    static func size(of url: URL) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func files(in directory: String, endingWith suffix: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(suffix) }.map { "\(directory)/\($0)" }
    }

    /// Waits until the job reports at least `bytes` downloaded.
    static func waitForBytes(_ rig: RealDownloadRig, _ id: JobID, atLeast bytes: Int64) async throws {
        try await wait {
            guard let job = try await rig.store.job(id) else { return false }
            return job.state == .downloading && (job.progress.downloadedBytes ?? 0) >= bytes
        }
    }

    /// Polls `condition` for up to a minute.
    static func wait(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the condition did not hold within a minute")
    }

    /// Runs `body` with a ``MediaServer`` for `directory`; always shuts it down.
    func withServer<T>(_ directory: URL, bytesPerSecond: Int? = nil, _ body: (MediaServer) async throws -> T) async throws -> T {
        let server = try await MediaServer.start(directory: directory, bytesPerSecond: bytesPerSecond)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
