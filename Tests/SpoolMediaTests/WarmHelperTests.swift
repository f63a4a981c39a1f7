import Foundation
import SpoolMedia
import SpoolTesting
import Testing

/// The spare-helper start (``YtDlp/StartMode/spare``, the fork server's fallback): a spare helper
/// with yt_dlp imported serves the next download.
@Suite("yt-dlp spare helper", .serialized)
struct WarmHelperTests {
    @Test("two downloads in a row work, and the second is served by a pre-started helper")
    func twoInARow() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5)
        try await withMediaServer(video.deletingLastPathComponent()) { server in
            try await withYtDlp(YtDlp.Configuration(start: .spare)) { ytDlp in
                let url = server.url(for: video.lastPathComponent)
                let first = try await ytDlp.download(YtDlpRequest(url: url, workDirectory: try MediaTestSupport.makeWorkDirectory())) { _ in }
                #expect(await ytDlp.statistics.onDemandHelper == 1)
                let spare = try #require(try await waitForSpare(ytDlp), "a new spare starts once the first download is under way")
                let second = try await ytDlp.download(YtDlpRequest(url: url, workDirectory: try MediaTestSupport.makeWorkDirectory())) { _ in }
                var expected = YtDlp.Statistics()
                expected.onDemandHelper = 1
                expected.prestartedHelper = 1
                #expect(await ytDlp.statistics == expected)
                #expect(!MediaTestSupport.processExists(spare), "the spare ran the second download and was reaped")
                for result in [first, second] {
                    #expect(FileManager.default.fileExists(atPath: result.filePath))
                }
            }
        }
    }

    @Test("shutdown ends the waiting spare; no process is left")
    func shutdownEndsSpare() async throws {
        let ytDlp = YtDlp(configuration: YtDlp.Configuration(start: .spare))
        try await ytDlp.prewarm()
        let spare = try #require(try await waitForSpare(ytDlp))
        #expect(MediaTestSupport.processExists(spare))
        await ytDlp.shutdown()
        #expect(await ytDlp.spareProcessID == nil)
        #expect(!MediaTestSupport.processExists(spare))
        #expect(MediaTestSupport.members(ofProcessGroup: spare).isEmpty)
    }

    @Test("a helper that cannot import yt_dlp falls back to plain yt-dlp, once and for all")
    func fallback() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5)
        let broken = try MediaTestSupport.brokenHelperScript()
        try await withMediaServer(video.deletingLastPathComponent()) { server in
            try await withYtDlp(YtDlp.Configuration(start: .spare, helperScript: broken)) { ytDlp in
                let url = server.url(for: video.lastPathComponent)
                for _ in 0..<2 {
                    let result = try await ytDlp.download(YtDlpRequest(url: url, workDirectory: try MediaTestSupport.makeWorkDirectory())) { _ in }
                    #expect(FileManager.default.fileExists(atPath: result.filePath))
                }
                var expected = YtDlp.Statistics()
                expected.plainProcess = 2
                #expect(await ytDlp.statistics == expected)
                #expect(await ytDlp.spareProcessID == nil)
            }
        }
    }

    @Test("cold start: every download is a plain yt-dlp process")
    func warmOff() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5)
        try await withMediaServer(video.deletingLastPathComponent()) { server in
            try await withYtDlp(YtDlp.Configuration(start: .cold)) { ytDlp in
                try await ytDlp.prewarm()
                #expect(await ytDlp.spareProcessID == nil)
                _ = try await ytDlp.download(YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: try MediaTestSupport.makeWorkDirectory())) { _ in }
                #expect(await ytDlp.statistics.plainProcess == 1)
            }
        }
    }
}
