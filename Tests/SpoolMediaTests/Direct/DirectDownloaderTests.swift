import Foundation
import SpoolCore
@testable import SpoolMedia
import SpoolTesting
import Synchronization
import Testing

/// The direct-file downloader against ``MediaServer`` on loopback: the probe, segmented and single
/// connections, pause and resume from the resume map, a file changed on the server, a server that
/// ignores ranges. Byte counts come from the server.
@Suite("Direct downloads", .serialized)
struct DirectDownloaderTests {
    static let mib = 1 << 20

    @Test("a plain MP4 is direct: downloaded byte for byte, at the path yt-dlp gives it, with progress")
    func plainMP4() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let video = try await TestMedia.generateVideo(seconds: 2, to: URL(fileURLWithPath: folder + "/My clip: take 2.mp4"))
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let url = server.url(for: video.lastPathComponent)
            let work = try MediaTestSupport.makeWorkDirectory("plainMP4-work")
            let request = MediaDownloadRequest(url: url, workDirectory: work, container: .mp4)
            let downloader = DirectDownloader()
            guard case .file(let file) = await downloader.probe(request) else {
                Issue.record("a plain MP4 is direct")
                return
            }
            #expect(file.length == (try MediaTestSupport.fileSize(video.path)) && file.mediaType == "video/mp4")
            #expect(file.etag != nil && file.lastModified != nil)
            let events = DirectEvents()
            let result = try await downloader.download(request, file: file, onEvent: events.record)
            #expect(result.filePath == work + "/generic/My clip： take 2 [My clip： take 2].mp4")
            #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: video.path))
            #expect(result.metadata?.title == "My clip: take 2" && result.metadata?.extractor == "generic")
            let last = try #require(events.progress.last)
            #expect(last.percent == 100 && last.downloadedBytes == file.length && last.totalBytes == file.length && last.eta == 0)
            #expect(MediaTestSupport.files(in: work, endingWith: ".part").isEmpty && MediaTestSupport.files(in: work, endingWith: ".map").isEmpty)
            #expect(server.rangedRequests(for: video.lastPathComponent).count == 1)
        }
    }

    @Test("the file lands where yt-dlp puts the same URL, remuxed into the job's container like yt-dlp's")
    func sameNameAsYtDlp() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let video = try await TestMedia.generateVideo(seconds: 2, to: URL(fileURLWithPath: folder + "/Näive \"quotes\" 12:30.mp4"))
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let url = server.url(for: video.lastPathComponent)
            let direct = try MediaTestSupport.makeWorkDirectory("direct")
            let viaYtDlp = try MediaTestSupport.makeWorkDirectory("ytdlp")
            let events = DirectEvents()
            let ours = try await DirectDownloader().download(MediaDownloadRequest(url: url, workDirectory: direct, container: .mkv), onEvent: events.record)
            let theirs = try await withYtDlp { ytDlp in
                try await YtDlpDownloader(ytDlp).download(MediaDownloadRequest(url: url, workDirectory: viaYtDlp, container: .mkv)) { _ in }
            }
            #expect(ours.filePath.dropFirst(direct.count) == theirs.filePath.dropFirst(viaYtDlp.count))
            #expect(ours.filePath.hasSuffix(".mkv"))
            #expect(events.logs.contains { $0.contains("Remuxing video from mp4 to mkv") })
            let probe = try await FFprobe().probe(ours.filePath)
            #expect(probe.formatName?.contains("matroska") == true)
            #expect(!FileManager.default.fileExists(atPath: (ours.filePath as NSString).deletingPathExtension + ".mp4"), "the original goes")
            #expect(ours.metadata?.title == theirs.metadata?.title && ours.metadata?.sourceID == theirs.metadata?.sourceID)
        }
    }

    @Test("pages, playlists, missing files and other schemes are not direct")
    func notDirect() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try Data("#EXTM3U\n".utf8).write(to: URL(fileURLWithPath: folder + "/index.m3u8"))
        try Data(count: 1000).write(to: URL(fileURLWithPath: folder + "/archive.zip"))
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let page = server.publish(TestFeed.videoPage(title: "Clips", sources: ["a.mp4"]), at: "watch.html")
            let downloader = DirectDownloader()
            func reason(_ url: String) async -> String? {
                if case .notDirect(let reason) = await downloader.probe(MediaDownloadRequest(url: url, workDirectory: "/tmp/x")) { return reason }
                return nil
            }
            #expect(await reason(page) == "the URL answers text/html")
            #expect(await reason(server.url(for: "index.m3u8")) == "the URL answers application/vnd.apple.mpegurl")
            #expect(await reason(server.url(for: "archive.zip")) == "the URL answers application/octet-stream without a media file extension")
            #expect(await reason(server.url(for: "missing.mp4")) == "HTTP Error 404: Not Found")
            #expect(await reason("ftp://127.0.0.1/a.mp4") == "not an http(s) URL")
            #expect(await reason("http://127.0.0.1:9/a.mp4")?.hasPrefix("the server could not be asked") == true)
            let video = try await TestMedia.generateVideo(seconds: 1, to: URL(fileURLWithPath: folder + "/clip.mp4"))
            let dated = MediaDownloadRequest(url: server.url(for: video.lastPathComponent), workDirectory: "/tmp/x", outputTemplate: "%(upload_date>%Y)s/%(title)s.%(ext)s")
            #expect(await downloader.probe(dated) == .notDirect("the output template uses fields or syntax only yt-dlp renders"))
            await #expect(throws: SpoolError.self) {
                _ = try await downloader.download(MediaDownloadRequest(url: page, workDirectory: "/tmp/x")) { _ in }
            }
        }
    }

    @Test("HEAD refused or silent about ranges: a one-byte GET decides; octet-stream counts with a media extension")
    func probeFallbacks() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let body = Self.pattern(bytes: 300_000, seed: 1)
        try body.write(to: URL(fileURLWithPath: folder + "/clip.mp4"))
        try body.write(to: URL(fileURLWithPath: folder + "/blob.mkv"))
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let downloader = DirectDownloader()
            let request = MediaDownloadRequest(url: server.url(for: "clip.mp4"), workDirectory: "/tmp/x")
            server.behaviour = .init(refusesHead: true)
            guard case .file(let viaGet) = await downloader.probe(request) else { Issue.record("HEAD refused: the ranged GET finds the file"); return }
            #expect(viaGet.length == 300_000 && viaGet.mediaType == "video/mp4")
            #expect(server.requests.suffix(2).map(\.method) == ["HEAD", "GET"] && server.requests.last?.range == "bytes=0-0")

            server.behaviour = .init(hidesRangeSupport: true)
            guard case .file = await downloader.probe(request) else { Issue.record("no Accept-Ranges, but a 206 to the ranged GET"); return }
            guard case .file(let ranged) = await downloader.probe(request) else { return }
            #expect(ranged.acceptsRanges)
            server.behaviour = .init(ignoresRanges: true, hidesRangeSupport: true)
            guard case .file(let whole) = await downloader.probe(request) else { Issue.record("no byte ranges, but a known length: direct"); return }
            #expect(!whole.acceptsRanges && whole.length == 300_000)

            server.behaviour = .init()
            server.setHeaders(["Content-Type": "application/octet-stream"], for: "blob.mkv")
            guard case .file(let blob) = await downloader.probe(MediaDownloadRequest(url: server.url(for: "blob.mkv"), workDirectory: "/tmp/x")) else {
                Issue.record("octet-stream with a media extension is direct")
                return
            }
            #expect(blob.mediaType == "application/octet-stream")
        }
    }

    @Test("Content-Disposition names the file; the media type gives its extension")
    func suggestedName() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/download", withIntermediateDirectories: true)
        let video = try await TestMedia.generateVideo(seconds: 1, to: URL(fileURLWithPath: folder + "/download/42"))
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            server.setHeaders([
                "Content-Type": "video/mp4", "Content-Disposition": "attachment; filename*=UTF-8''Caf%C3%A9%3A%20night.mov",
            ], for: "download/42")
            let work = try MediaTestSupport.makeWorkDirectory("suggestedName-work")
            let request = MediaDownloadRequest(url: server.url(for: "download/42"), workDirectory: work, container: .mp4, outputTemplate: "%(title)s [%(id)s].%(ext)s")
            let result = try await DirectDownloader().download(request) { _ in }
            #expect(result.filePath == work + "/Café： night [42].mp4")
            #expect(result.metadata?.title == "Café: night" && result.metadata?.sourceID == "42")
            #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: video.path))
        }
    }

    @Test("above 20 MiB several connections fetch at once; below, one; both byte for byte")
    func connections() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let big = Self.pattern(bytes: 24 * Self.mib, seed: 3)
        let small = Self.pattern(bytes: 6 * Self.mib, seed: 4)
        try big.write(to: URL(fileURLWithPath: folder + "/big.mp4"))
        try small.write(to: URL(fileURLWithPath: folder + "/small.mp4"))
        try await withMediaServer(URL(fileURLWithPath: folder), bytesPerSecond: 12 * Self.mib) { server in
            let downloader = DirectDownloader()
            let work = try MediaTestSupport.makeWorkDirectory("connections-work")
            let events = DirectEvents()
            let bigFile = try await downloader.download(MediaDownloadRequest(url: server.url(for: "big.mp4"), workDirectory: work, container: .mp4), onEvent: events.record)
            #expect(FileManager.default.contentsEqual(atPath: bigFile.filePath, andPath: folder + "/big.mp4"))
            #expect(server.peakConcurrentTransfers(for: "big.mp4") == 4)
            #expect(server.rangedRequests(for: "big.mp4").count >= 4)
            // A piece taken over mid-flight may have a few socket buffers in the air when its first
            // connection stops: some bytes are sent twice, never a large share.
            #expect(server.bytesSent(for: "big.mp4") <= Int64(big.count + 4 * Self.mib), "little is fetched twice")
            #expect(events.logs.contains("direct download of 24.0 MiB over 4 connection(s)"))
            #expect(events.progress.contains { ($0.speed ?? 0) > 0 && $0.eta != nil && ($0.percent ?? 100) < 100 }, "speed and ETA while it runs")

            let smallFile = try await downloader.download(MediaDownloadRequest(url: server.url(for: "small.mp4"), workDirectory: work, container: .mp4)) { _ in }
            #expect(FileManager.default.contentsEqual(atPath: smallFile.filePath, andPath: folder + "/small.mp4"))
            #expect(server.peakConcurrentTransfers(for: "small.mp4") == 1)
            #expect(server.rangedRequests(for: "small.mp4").count == 1)

            let two = DirectDownloader(configuration: .init(connections: 2))
            server.resetCounters()
            let again = try MediaTestSupport.makeWorkDirectory("connections-two")
            _ = try await two.download(MediaDownloadRequest(url: server.url(for: "big.mp4"), workDirectory: again, container: .mp4)) { _ in }
            #expect(server.peakConcurrentTransfers(for: "big.mp4") == 2)
        }
    }

    @Test("pause mid-download, then resume: the resume map lets the second run fetch only the missing bytes")
    func pauseResume() async throws {
        let size = 24 * Self.mib
        try await Self.serving("long.mp4", bytes: size, seed: 5, bytesPerSecond: 3 * Self.mib) { server, source, work in
            let request = MediaDownloadRequest(url: server.url(for: "long.mp4"), workDirectory: work, container: .mp4)
            let downloader = DirectDownloader()
            let paused = try await Self.pause(downloader, request, afterBytes: Int64(size / 3))
            let part = try #require(MediaTestSupport.files(in: work, endingWith: ".mp4.part").first)
            let map = try #require(ResumeMap.load(from: part + ".map"), "the map is saved on pause")
            #expect(map.done.count >= Int64(size / 3) && map.done.count < Int64(size))
            #expect(map.etag != nil && map.length == Int64(size))
            let sentAtPause = try #require(try await server.settledBytesSent(for: "long.mp4"), "the transfers ended on pause")
            #expect(sentAtPause >= map.done.count)
            #expect(paused.progress.last.map { ($0.downloadedBytes ?? 0) <= map.done.count } == true)

            let events = DirectEvents()
            let result = try await downloader.download(request, onEvent: events.record)
            #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: source))
            #expect(events.logs.contains { $0.hasPrefix("resuming from the resume map:") })
            let total = server.bytesSent(for: "long.mp4")
            #expect(total - sentAtPause <= Int64(size) - map.done.count + Int64(Self.mib), "only the missing bytes (and at most one chunk) after the pause")
            // What was in the four connections' socket buffers when paused is fetched again; how much
            // that is depends on how far the reader lagged (on a busy machine, more): the bound above
            // counts from the bytes sent at the pause, so it holds either way.
            #expect(sentAtPause - map.done.count <= Int64(size) / 2, "in flight at the pause: \(sentAtPause - map.done.count) bytes")
            let resumedRequests = server.rangedRequests(for: "long.mp4").suffix(from: 4)
            #expect(!resumedRequests.isEmpty)
            #expect(MediaTestSupport.files(in: work, endingWith: ".map").isEmpty)
        }
    }

    @Test("a changed ETag between pause and resume starts over from zero and yields the new file")
    func changedFile() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let old = Self.pattern(bytes: 24 * Self.mib, seed: 6)
        let new = Self.pattern(bytes: 24 * Self.mib, seed: 7)
        try old.write(to: URL(fileURLWithPath: folder + "/news.mp4"))
        try await withMediaServer(URL(fileURLWithPath: folder), bytesPerSecond: 3 * Self.mib) { server in
            let work = try MediaTestSupport.makeWorkDirectory("changedFile-work")
            let request = MediaDownloadRequest(url: server.url(for: "news.mp4"), workDirectory: work, container: .mp4)
            let downloader = DirectDownloader()
            _ = try await Self.pause(downloader, request, afterBytes: Int64(old.count / 3))
            let part = try #require(MediaTestSupport.files(in: work, endingWith: ".mp4.part").first)
            let before = try #require(ResumeMap.load(from: part + ".map"))

            // The same size, other bytes, a new inode: only the ETag tells.
            try new.write(to: URL(fileURLWithPath: folder + "/news.mp4.new"))
            #expect(rename(folder + "/news.mp4.new", folder + "/news.mp4") == 0)
            try await Task.sleep(for: .milliseconds(200))
            server.resetCounters()

            let events = DirectEvents()
            let result = try await downloader.download(request, onEvent: events.record)
            #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: folder + "/news.mp4"))
            let restart = try #require(events.logs.first { $0.hasPrefix("starting over from zero:") })
            #expect(restart.contains("ETag changed from \(before.etag ?? "")"))
            #expect(server.bytesSent(for: "news.mp4") >= Int64(new.count), "every byte fetched again")
            #expect(MediaTestSupport.files(in: work, endingWith: ".map").isEmpty)
        }
    }

    @Test("a server that answers ranged requests with the whole file still gets downloaded, in one stream")
    func rangesIgnored() async throws {
        try await Self.serving("stubborn.mp4", bytes: 22 * Self.mib, seed: 8, behaviour: .init(ignoresRanges: true)) { server, source, work in
            let events = DirectEvents()
            let result = try await DirectDownloader().download(MediaDownloadRequest(url: server.url(for: "stubborn.mp4"), workDirectory: work, container: .mp4), onEvent: events.record)
            #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: source))
            #expect(events.logs.contains("the server ignored the byte range; downloading in one stream from the start"))
            #expect(server.requests.last { $0.method == "GET" }?.range == nil, "the last request is one plain GET")
        }
    }

    @Test("a server without byte ranges (as python's http.server): one plain GET; a paused download starts over, no map is kept")
    func noByteRanges() async throws {
        try await Self.serving("plain.mp4", bytes: 24 * Self.mib, seed: 10, behaviour: .init(ignoresRanges: true, hidesRangeSupport: true)) { server, source, work in
            var request = MediaDownloadRequest(url: server.url(for: "plain.mp4"), workDirectory: work, container: .mp4)
            request.limitRate = "16M"
            let downloader = DirectDownloader()
            let paused = try await Self.pause(downloader, request, afterBytes: 4 * Int64(Self.mib))
            #expect(paused.logs.contains { $0.hasPrefix("direct download of 24.0 MiB in one stream: the server does not accept byte ranges") })
            #expect(MediaTestSupport.files(in: work, endingWith: ".map").isEmpty, "nothing to resume from, so no map")

            request.limitRate = nil
            let events = DirectEvents()
            let result = try await downloader.download(request, onEvent: events.record)
            #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: source))
            #expect(events.logs.contains("starting over from zero: the server does not accept byte ranges"))
            #expect(events.progress.first?.downloadedBytes == 0, "counted from zero again")
            let plain = server.requests.filter { $0.method == "GET" && $0.range == nil }
            #expect(plain.count == 2, "one plain GET per run, no ranged reads")
            #expect(server.rangedRequests(for: "plain.mp4").count == 2, "only the probes' one-byte requests carry a range")
            #expect(MediaTestSupport.files(in: work, endingWith: ".part").isEmpty && MediaTestSupport.files(in: work, endingWith: ".map").isEmpty)
        }
    }

    @Test("a bandwidth limit holds for all connections together")
    func rateLimit() async throws {
        try await Self.serving("paced.mp4", bytes: 3 * Self.mib, seed: 9) { server, source, work in
            var request = MediaDownloadRequest(url: server.url(for: "paced.mp4"), workDirectory: work, container: .mp4)
            request.limitRate = "2M"
            let started = ContinuousClock.now
            let result = try await DirectDownloader().download(request) { _ in }
            #expect(ContinuousClock.now - started >= .milliseconds(1_200), "3 MiB at 2 MiB/s cannot take less than 1.5 s")
            #expect(FileManager.default.contentsEqual(atPath: result.filePath, andPath: source))
        }
    }

    /// Serves `bytes` of the pattern for `seed` as `name` (as `behaviour` says, at most
    /// `bytesPerSecond`) and runs `body` with the server, the served file's path and an empty work folder.
    static func serving(
        _ name: String, bytes: Int, seed: UInt64, behaviour: MediaServer.Behaviour = .init(), bytesPerSecond: Int? = nil,
        _ body: (MediaServer, _ source: String, _ work: String) async throws -> Void
    ) async throws {
        let folder = try MediaTestSupport.makeWorkDirectory(name)
        let source = folder + "/" + name
        try pattern(bytes: bytes, seed: seed).write(to: URL(fileURLWithPath: source))
        try await withMediaServer(URL(fileURLWithPath: folder), bytesPerSecond: bytesPerSecond) { server in
            server.behaviour = behaviour
            try await body(server, source, try MediaTestSupport.makeWorkDirectory(name + "-work"))
        }
    }

    /// Starts a download and cancels it (as a pause does) once `afterBytes` are reported.
    static func pause(_ downloader: DirectDownloader, _ request: MediaDownloadRequest, afterBytes: Int64) async throws -> DirectEvents {
        let events = DirectEvents()
        let task = Task { try await downloader.download(request, onEvent: events.record) }
        let deadline = ContinuousClock.now + .seconds(30)
        while (events.progress.last?.downloadedBytes ?? 0) < afterBytes, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        return events
    }

    /// `bytes` of a pattern that differs by `seed` (a xorshift stream), so a misplaced range shows.
    static func pattern(bytes: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var words = [UInt64](repeating: 0, count: (bytes + 7) / 8)
        for index in words.indices {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            words[index] = state
        }
        return words.withUnsafeBytes { Data($0.prefix(bytes)) }
    }
}

/// Collects a downloader's events.
final class DirectEvents: Sendable {
    private let events = Mutex<[MediaDownloadEvent]>([])

    /// Records one event.
    @Sendable func record(_ event: MediaDownloadEvent) async {
        events.withLock { $0.append(event) }
    }

    /// Progress reports, in order.
    var progress: [TransferProgress] {
        events.withLock { $0 }.compactMap { if case .progress(let value) = $0 { value } else { nil } }
    }

    /// Log lines, in order.
    var logs: [String] {
        events.withLock { $0 }.compactMap { if case .log(let line) = $0 { line } else { nil } }
    }
}
