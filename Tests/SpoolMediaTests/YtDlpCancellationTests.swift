import Foundation
import SpoolMedia
import SpoolTesting
import Testing

/// Cancel and resume against a rate-limited server: the process group really stops, nothing is left
/// running, the `.part` file stays, and the next run continues from it.
@Suite("yt-dlp cancellation and resume", .serialized)
struct YtDlpCancellationTests {
    @Test("cancelling stops the process group promptly, keeps .part, and a second run resumes", arguments: YtDlp.StartMode.allCases)
    func cancelThenResume(start: YtDlp.StartMode) async throws {
        let video = try await TestMedia.generateVideo(seconds: 5, width: 1280, height: 720)
        let size = try MediaTestSupport.fileSize(video.path)
        let path = "/" + video.lastPathComponent
        let work = try MediaTestSupport.makeWorkDirectory()
        // Container mp4: the source is already MP4, so no remux and the result must equal the source.
        // Long enough for SIGTERM to be answered on a busy machine: the test is that SIGTERM alone
        // stops the process group, before the grace period ends and SIGKILL follows.
        let killGrace = Duration.seconds(10)
        try await withMediaServer(video.deletingLastPathComponent(), bytesPerSecond: Int(size / 6)) { server in
            try await withYtDlp(YtDlp.Configuration(start: start, killGrace: killGrace)) { ytDlp in
                let request = YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: work, container: .mp4)
                let log = EventLog()
                let download = Task { try await ytDlp.download(request) { log.record($0) } }
                // Generous: a fork server starting on a loaded machine can take many seconds.
                try await Self.wait(timeout: .seconds(120)) {
                    (log.progress.last?.downloadedBytes ?? 0) >= size / 4
                }
                let processIDs = await ytDlp.activeProcessIDs
                let processID = try #require(processIDs.first)
                #expect(processIDs.count == 1)
                #expect(MediaTestSupport.processExists(processID))

                let cancelled = ContinuousClock.now
                download.cancel()
                let outcome = await download.result
                let stopTime = ContinuousClock.now - cancelled
                #expect(throws: CancellationError.self) { try outcome.get() }
                #expect(stopTime < killGrace, "stopped in \(stopTime)")
                #expect(!MediaTestSupport.processExists(processID), "reaped: no zombie")
                #expect(MediaTestSupport.members(ofProcessGroup: processID).isEmpty, "no orphan left in its group")
                #expect(await ytDlp.activeProcessIDs.isEmpty)

                let parts = MediaTestSupport.files(in: work, endingWith: ".part")
                let part = try #require(parts.first, "yt-dlp keeps its .part file on SIGTERM")
                let kept = try MediaTestSupport.fileSize(part)
                #expect(kept > 0 && kept < size)
                let sentAfterCancel = try #require(try await server.settledBytesSent(for: path), "the transfer ended with the process")
                try await Task.sleep(for: .milliseconds(500))
                #expect(server.bytesSent(for: path) == sentAfterCancel, "nothing is fetched after cancelling")

                server.resetCounters()
                let resumedLog = EventLog()
                let result = try await ytDlp.download(request) { resumedLog.record($0) }
                let refetched = server.bytesSent(for: path)
                #expect(refetched < size, "the second run fetched \(refetched) of \(size) bytes")
                #expect((resumedLog.progress.first?.downloadedBytes ?? 0) >= kept / 2, "progress starts near the kept bytes")
                #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: video.path))
                #expect(MediaTestSupport.files(in: work, endingWith: ".part").isEmpty)
            }
        }
    }

    @Test("a task cancelled before it starts never spawns yt-dlp")
    func cancelledBeforeStart() async throws {
        let work = try MediaTestSupport.makeWorkDirectory()
        try await withYtDlp { ytDlp in
            let download = Task {
                try await Task.sleep(for: .seconds(10))
                return try await ytDlp.download(YtDlpRequest(url: "http://127.0.0.1:9/x.mp4", workDirectory: work)) { _ in }
            }
            download.cancel()
            await #expect(throws: CancellationError.self) { try await download.value }
            #expect(await ytDlp.statistics == YtDlp.Statistics())
        }
    }

    /// Polls `condition` every 50 ms.
    static func wait(timeout: Duration, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw WaitTimeout() }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    struct WaitTimeout: Error {}
}
