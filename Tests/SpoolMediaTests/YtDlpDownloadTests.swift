import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

/// End to end: real yt-dlp (found on PATH) against ``MediaServer`` serving media made by ffmpeg.
@Suite("yt-dlp downloads", .serialized)
struct YtDlpDownloadTests {
    @Test("a clip lands in the work folder, remuxed to MKV, with progress and metadata")
    func downloadsClip() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5)
        let work = try MediaTestSupport.makeWorkDirectory()
        let log = EventLog()
        let result = try await withMediaServer(video.deletingLastPathComponent()) { server in
            try await withYtDlp { ytDlp in
                try await ytDlp.download(YtDlpRequest(url: server.url(for: video.lastPathComponent), workDirectory: work)) {
                    log.record($0)
                }
            }
        }
        #expect(result.filePath.hasPrefix(work + "/") && result.filePath.hasSuffix(".mkv"))
        #expect(FileManager.default.fileExists(atPath: result.filePath))
        #expect(result.info?.extractor == "generic" && result.info?.id == video.deletingPathExtension().lastPathComponent)
        let infoPath = try #require(result.infoJSONPath)
        #expect(infoPath.hasPrefix(work + "/") && FileManager.default.fileExists(atPath: infoPath))

        let probe = try await FFprobe().probe(result.filePath)
        #expect(probe.formatName?.contains("matroska") == true)
        #expect(probe.videoStreams.first?.codecName == "h264" && probe.audioStreams.first?.codecName == "aac")
        #expect(abs((probe.duration ?? 0) - 5) < 0.5)

        let progress = log.progress
        #expect(!progress.isEmpty)
        let bytes = progress.compactMap(\.downloadedBytes)
        #expect(bytes == bytes.sorted(), "bytes only grow")
        #expect(progress.last?.status == .finished)
        let size = try MediaTestSupport.fileSize(video.path)
        #expect(progress.last?.totalBytes == size)
        #expect(log.logs.contains("Post-processing: VideoRemuxer"))
    }

    @Test("a 404 URL fails with media_not_found and yt-dlp's HTTP Error 404 line", arguments: YtDlp.StartMode.allCases)
    func notFound(start: YtDlp.StartMode) async throws {
        let work = try MediaTestSupport.makeWorkDirectory()
        let error = try await withMediaServer(URL(fileURLWithPath: work)) { server in
            try await withYtDlp(YtDlp.Configuration(start: start)) { ytDlp in
                await #expect(throws: MediaError.self) {
                    try await ytDlp.download(YtDlpRequest(url: server.url(for: "missing.mp4"), workDirectory: work)) { _ in }
                }
            }
        }
        let failure = try #require(error)
        #expect(failure.code == .mediaNotFound && failure.exitCode == 1 && failure.tool == "yt-dlp")
        #expect(failure.message.contains("HTTP Error 404"))
        #expect(!failure.message.hasPrefix("ERROR:"))
        #expect(failure.stderrTail.contains("ERROR: [generic] missing"))
        #expect(failure.spoolError == SpoolError(.mediaNotFound, failure.message))
    }

    @Test("an HLS playlist downloads through its fragments")
    func hls() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5)
        let playlist = try await TestMedia.generateHLS(from: video)
        let work = try MediaTestSupport.makeWorkDirectory()
        let log = EventLog()
        let result = try await withMediaServer(playlist.deletingLastPathComponent()) { server in
            try await withYtDlp { ytDlp in
                try await ytDlp.download(YtDlpRequest(url: server.url(for: "index.m3u8"), workDirectory: work, container: .mp4)) {
                    log.record($0)
                }
            }
        }
        #expect(result.filePath.hasSuffix(".mp4"))
        let probe = try await FFprobe().probe(result.filePath)
        #expect(probe.videoStreams.first?.codecName == "h264" && probe.audioStreams.first?.codecName == "aac")
        #expect(abs((probe.duration ?? 0) - 5) < 0.5)
        let fragments = log.progress.compactMap(\.fragmentCount)
        #expect(!fragments.isEmpty && fragments.allSatisfy { $0 >= 4 })
        #expect(log.progress.contains { $0.totalBytesEstimate != nil })
    }

    @Test("a missing yt-dlp is tool_missing with a clear message")
    func missingExecutable() async throws {
        let work = try MediaTestSupport.makeWorkDirectory()
        let error = await #expect(throws: MediaError.self) {
            try await withYtDlp(YtDlp.Configuration(executable: "yt-dlp-not-installed")) { ytDlp in
                try await ytDlp.download(YtDlpRequest(url: "http://127.0.0.1:9/x.mp4", workDirectory: work)) { _ in }
            }
        }
        #expect(error?.code == .toolMissing)
        #expect(error?.message.contains("yt-dlp-not-installed") == true)
        await #expect(throws: MediaError.self) { try await YtDlp(configuration: .init(executable: "/nonexistent/yt-dlp")).version() }
    }

    @Test("version() reports yt-dlp's version")
    func version() async throws {
        let version = try await YtDlp().version()
        #expect(version.range(of: #"^\d{4}\.\d{2}\.\d{2}"#, options: .regularExpression) != nil, "\(version)")
    }
}
