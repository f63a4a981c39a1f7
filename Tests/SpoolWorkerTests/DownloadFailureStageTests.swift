import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

@testable import SpoolWorker

/// How the download stage settles failures, with the real yt-dlp on loopback: one retrying cannot
/// fix fails at once with its own code; a full disk (a real ENOSPC on a small tmpfs) pauses the
/// queue and the job goes on from its `.part` once space returns.
@Suite("Download failures in the download stage", .serialized)
struct DownloadFailureStageTests {
    @Test("a 404 URL ends FAILED after exactly one attempt, with media_not_found and the HTTP error")
    func notFoundOnce() async throws {
        let rig = try RealDownloadRig()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-404-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer(folder) { server in
            try await rig.run(direct: DirectDownloader(), retries: 3) {
                let job = try await rig.service.create(JobOptions(url: server.url(for: "missing.mp4")))
                let done = try await rig.waitUntilTerminal(job.id)
                #expect(done.state == .failed)
                #expect(done.attempts == 1)
                #expect(done.failure?.code == "media_not_found")
                #expect(done.failure?.message.contains("HTTP Error 404") == true, "\(done.failure?.message ?? "")")
                let logs = try await rig.logs(of: job.id)
                #expect(!logs.contains { $0.contains("retrying in") })
                #expect(logs.contains { $0.hasPrefix("download failed after 1 attempt(s): ") })
            }
        }
    }

    @Test("a disk filled mid-download pauses the queue, says so, keeps the .part and continues when space is freed",
          .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func diskFullPausesQueue() async throws {
        let video = try await TestMedia.generateBulkyVideo(megabytes: 12)
        let size = try Int64(FileManager.default.attributesOfItem(atPath: video.path)[.size] as? NSNumber ?? 0)
        let mount = try TmpfsMount(megabytes: 4)
        defer { mount.remove() }
        let rig = try RealDownloadRig(parent: mount.url, minFreeBytes: 1 << 20)
        try await withServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size / 4)) { server in
            try await rig.run(retries: 3) {
                let job = try await rig.service.create(JobOptions(url: server.url(for: video.lastPathComponent), outputContainer: .mp4))
                try await Self.wait { rig.service.pauses.pause(of: "q:download") != nil }
                let pause = try #require(rig.service.pauses.pause(of: "q:download"))
                #expect(pause.reason.contains("No space left on device"), "\(pause.reason)")
                #expect(pause.resumeAtBytes == 1 << 20)

                try await Self.wait { try await rig.store.job(job.id)?.state == .queued }
                let waiting = try #require(try await rig.store.job(job.id))
                #expect(waiting.attempts == 0, "the attempt is not counted")
                #expect(waiting.failure?.code == "insufficient_storage")
                #expect(waiting.failure?.message.contains("No space left on device") == true)
                let logs = try await rig.logs(of: job.id)
                #expect(logs.contains { $0.contains("the download queue is paused") && $0.contains("is kept to resume from") }, "\(logs)")
                let notices = try await rig.store.events(after: 0, jobIDs: nil, limit: 500).filter { $0.type == .notification }
                let paused = try #require(notices.first { $0.payload["type"]?.stringValue == "queue.paused" })
                #expect(paused.jobId == nil && paused.payload["queue"]?.stringValue == "q:download")
                #expect(paused.payload["title"]?.stringValue == "Downloads paused: the disk is full")
                let work = rig.storage.workDirectory(for: job.id)
                let partial = Self.files(in: work, endingWith: ".part")
                #expect(!partial.isEmpty, "the .part is kept")

                // Still full: the queue stays paused and the job waits.
                try await Task.sleep(for: .milliseconds(500))
                #expect(try await rig.store.job(job.id)?.state == .queued)

                try mount.resize(megabytes: 64)
                let done = try await rig.waitUntilTerminal(job.id)
                #expect(done.state == .complete, "\(done.failure?.message ?? "")")
                #expect(done.attempts == 1)
                #expect(rig.service.pauses.pause(of: "q:download") == nil)
                let after = try await rig.store.events(after: 0, jobIDs: nil, limit: 500).filter { $0.type == .notification }
                #expect(after.contains { $0.payload["type"]?.stringValue == "queue.resumed" })
                #expect(FileManager.default.contentsEqual(atPath: done.outputPath ?? "", andPath: video.path))
                let ranges = server.requests.filter { $0.path.hasSuffix(video.lastPathComponent) }.compactMap(\.range)
                #expect(ranges.contains { $0.hasPrefix("bytes=") && !$0.hasPrefix("bytes=0-") }, "yt-dlp went on from the .part: \(ranges)")
            }
        }
    }

    static func files(in directory: String, endingWith suffix: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(suffix) }.map { "\(directory)/\($0)" }
    }

    static func wait(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the condition did not hold within 300 s")
    }

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

/// A small tmpfs mounted on a new temporary folder (the test runs as root): a real volume that a
/// download fills, and that `resize` gives more room, as freeing space would.
struct TmpfsMount {
    let url: URL

    init(megabytes: Int) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("spool-tmpfs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", url.path])
    }

    /// Grows (or shrinks) the volume, keeping its files.
    func resize(megabytes: Int) throws {
        try Self.mount(["-o", "remount,size=\(megabytes)m", url.path])
    }

    /// Unmounts and removes the folder.
    func remove() {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = ["-l", url.path]
        try? umount.run()
        umount.waitUntilExit()
        try? FileManager.default.removeItem(at: url)
    }

    private static func mount(_ arguments: [String]) throws {
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = arguments
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw TmpfsError(arguments: arguments) }
    }

    struct TmpfsError: Error { let arguments: [String] }
}
