import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The default warm start: one fork server imports yt_dlp once and forks a child per download.
/// Cancel and resume in this mode are covered by ``YtDlpCancellationTests`` (one run per start mode).
@Suite("yt-dlp fork server", .serialized)
struct ForkServerTests {
    @Test("a queue of downloads runs in children of one server, each its own process group")
    func queueInOneServer() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5)
        let size = try MediaTestSupport.fileSize(video.path)
        try await withMediaServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size)) { server in
            try await withYtDlp { ytDlp in
                try await ytDlp.prewarm()
                let serverID = try #require(try await Self.forkServer(of: ytDlp), "prewarm starts the server")
                let url = server.url(for: video.lastPathComponent)
                for _ in 0..<3 {
                    let log = EventLog()
                    let download = Task { try await ytDlp.download(YtDlpRequest(url: url, workDirectory: try MediaTestSupport.makeWorkDirectory())) { log.record($0) } }
                    let child = try #require(try await Self.activeChild(of: ytDlp))
                    #expect(Self.parent(of: child) == serverID, "the download is a child of the fork server")
                    #expect(getpgid(child) == child, "it leads its own process group")
                    let result = try await download.value
                    #expect(FileManager.default.fileExists(atPath: result.filePath))
                    #expect(log.progress.last?.status == .finished)
                }
                let statistics = await ytDlp.statistics
                #expect(statistics.forked == 3 && statistics.forkServersStarted == 1)
                #expect(statistics.prestartedHelper + statistics.onDemandHelper + statistics.plainProcess == 0)
                #expect(await ytDlp.forkServerProcessID == serverID)
                #expect(await ytDlp.activeProcessIDs.isEmpty)
            }
        }
    }

    @Test("a download killed with SIGKILL fails with the signal; the server keeps serving")
    func childKilled() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5, width: 1280, height: 720)
        let size = try MediaTestSupport.fileSize(video.path)
        try await withMediaServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size / 6)) { server in
            try await withYtDlp { ytDlp in
                let url = server.url(for: video.lastPathComponent)
                let download = Task { try await ytDlp.download(YtDlpRequest(url: url, workDirectory: try MediaTestSupport.makeWorkDirectory(), container: .mp4)) { _ in } }
                let child = try #require(try await Self.activeChild(of: ytDlp))
                let serverID = await ytDlp.forkServerProcessID
                kill(child, SIGKILL)
                let error = try #require(await #expect(throws: MediaError.self) { try await download.value })
                #expect(error.code == .toolFailed && error.signal == SIGKILL, "\(error)")
                #expect(MediaTestSupport.members(ofProcessGroup: child).isEmpty)
                #expect(await ytDlp.forkServerProcessID == serverID, "the server is still the same")
                let small = try await TestMedia.generateVideo(seconds: 1, width: 320, height: 240)
                #expect(small.deletingLastPathComponent() == video.deletingLastPathComponent(), "one media folder")
                let again = YtDlpRequest(url: server.url(for: small.lastPathComponent), workDirectory: try MediaTestSupport.makeWorkDirectory(), container: .mp4)
                _ = try await ytDlp.download(again) { _ in }
                #expect(await ytDlp.statistics.forked == 2, "both ran in children of the same server")
                #expect(await ytDlp.forkServerProcessID == serverID)
            }
        }
    }

    @Test("the server killed mid-download: a new one starts and the download resumes from its .part file")
    func serverKilled() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5, width: 1280, height: 720)
        let size = try MediaTestSupport.fileSize(video.path)
        let path = "/" + video.lastPathComponent
        try await withMediaServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size / 6)) { server in
            try await withYtDlp { ytDlp in
                let request = YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: try MediaTestSupport.makeWorkDirectory(), container: .mp4)
                let log = EventLog()
                let download = Task { try await ytDlp.download(request) { log.record($0) } }
                try await YtDlpCancellationTests.wait(timeout: .seconds(30)) { (log.progress.last?.downloadedBytes ?? 0) >= size / 3 }
                let child = try #require(await ytDlp.activeProcessIDs.first)
                let first = try #require(await ytDlp.forkServerProcessID)
                kill(first, SIGKILL)
                let result = try await download.value
                #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: video.path))
                #expect(server.bytesSent(for: path) < size * 2, "the second run resumed instead of starting over")
                #expect(!MediaTestSupport.processExists(child), "the first child ended with its server")
                let statistics = await ytDlp.statistics
                #expect(statistics.forkServersStarted == 2 && statistics.forked == 1)
                let second = try #require(await ytDlp.forkServerProcessID)
                #expect(second != first)
            }
        }
    }

    @Test("a server that cannot import yt_dlp falls back to the spare helper, then to plain yt-dlp")
    func unavailable() async throws {
        let video = try await TestMedia.generateVideo(seconds: 2)
        let broken = try MediaTestSupport.brokenHelperScript()
        try await withMediaServer(video.deletingLastPathComponent()) { server in
            try await withYtDlp(YtDlp.Configuration(helperScript: broken)) { ytDlp in
                for _ in 0..<2 {
                    let work = try MediaTestSupport.makeWorkDirectory()
                    let result = try await ytDlp.download(YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: work)) { _ in }
                    #expect(FileManager.default.fileExists(atPath: result.filePath))
                }
                let statistics = await ytDlp.statistics
                #expect(statistics.plainProcess == 2 && statistics.forked == 0 && statistics.forkServersStarted == 1)
                #expect(await ytDlp.forkServerProcessID == nil)
            }
        }
    }

    @Test("shutdown ends the server and a running download's child; no process is left")
    func shutdown() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5, width: 1280, height: 720)
        let size = try MediaTestSupport.fileSize(video.path)
        try await withMediaServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size / 6)) { server in
            let ytDlp = YtDlp()
            let download = Task { try await ytDlp.download(YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: try MediaTestSupport.makeWorkDirectory())) { _ in } }
            let child = try #require(try await Self.activeChild(of: ytDlp))
            let serverID = try #require(await ytDlp.forkServerProcessID)
            await ytDlp.shutdown()
            _ = await download.result
            #expect(!MediaTestSupport.processExists(serverID))
            #expect(!MediaTestSupport.processExists(child))
            #expect(MediaTestSupport.members(ofProcessGroup: child).isEmpty)
            #expect(MediaTestSupport.members(ofProcessGroup: serverID).isEmpty)
        }
    }

    @Test("an unused server stops after the idle time and starts again on a sign of use or a download")
    func idleStop() async throws {
        let video = try await TestMedia.generateVideo(seconds: 2)
        try await withMediaServer(video.deletingLastPathComponent()) { server in
            try await withYtDlp(YtDlp.Configuration(idleStop: .seconds(1))) { ytDlp in
                try await ytDlp.prewarm()
                let first = try #require(try await Self.forkServer(of: ytDlp))
                let deadline = ContinuousClock.now + .seconds(20)
                while ContinuousClock.now < deadline, MediaTestSupport.processExists(first) {
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(!MediaTestSupport.processExists(first), "stopped after the idle time")
                #expect(await ytDlp.forkServerProcessID == nil)
                #expect(await ytDlp.statistics.idleStops == 1)

                await ytDlp.noteActivity()
                let second = try #require(try await Self.forkServer(of: ytDlp), "a sign of use starts it again")
                #expect(second != first)
                let result = try await ytDlp.download(YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: try MediaTestSupport.makeWorkDirectory())) { _ in }
                #expect(FileManager.default.fileExists(atPath: result.filePath))
                let statistics = await ytDlp.statistics
                #expect(statistics.forkServersStarted == 2 && statistics.forked == 1)
            }
        }
    }

    @Test("a download longer than the idle time keeps its server")
    func busyIsNotIdle() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5, width: 1280, height: 720)
        let size = try MediaTestSupport.fileSize(video.path)
        try await withMediaServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size / 3)) { server in
            try await withYtDlp(YtDlp.Configuration(idleStop: .milliseconds(300))) { ytDlp in
                let request = YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: try MediaTestSupport.makeWorkDirectory(), container: .mp4)
                let result = try await ytDlp.download(request) { _ in }
                #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: video.path))
                let statistics = await ytDlp.statistics
                #expect(statistics.forked == 1 && statistics.forkServersStarted == 1, "\(statistics)")
            }
        }
    }

    /// The first download process `ytDlp` reports running (waits up to 30 s).
    static func activeChild(of ytDlp: YtDlp) async throws -> Int32? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let child = await ytDlp.activeProcessIDs.first { return child }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The fork server's process id once it is spawned (waits up to 60 s).
    static func forkServer(of ytDlp: YtDlp) async throws -> Int32? {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let server = await ytDlp.forkServerProcessID { return server }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The parent process id of `pid`, from /proc.
    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}
