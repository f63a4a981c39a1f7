import Foundation
import SpoolCore
@testable import SpoolMedia
import SpoolTesting
import Subprocess
import Testing

/// End to end: real yt-dlp lists feeds and pages that ``MediaServer`` publishes on 127.0.0.1.
@Suite("yt-dlp lister", .serialized)
struct YtDlpListerTests {
    /// Item `n` of ``TestFeed/items`` was published at this instant plus `n - 1` hours.
    static let firstPublished = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("a 5-item RSS feed lists 5 entries, newest first, with ids, titles, dates and durations", arguments: [YtDlp.StartMode.fork, .cold])
    func rssFeed(start: YtDlp.StartMode) async throws {
        try await withFeedServer { server in
            let feed = server.publishRSS(items: TestFeed.items(1...5, media: [server.url(for: "clip-1.mp4")], duration: 95))
            try await withYtDlp(YtDlp.Configuration(start: start)) { ytDlp in
                let entries = try await Self.collect(YtDlpLister(ytDlp: ytDlp).list(ListingRequest(url: feed, tab: .all)))
                #expect(entries.map(\.mediaID) == ["item-5", "item-4", "item-3", "item-2", "item-1"])
                #expect(entries.map(\.title) == ["Episode 5", "Episode 4", "Episode 3", "Episode 2", "Episode 1"])
                #expect(entries.map(\.publishedAt) == (1...5).reversed().map { Self.firstPublished.addingTimeInterval(Double($0 - 1) * 3600) })
                #expect(entries.allSatisfy { $0.duration == 95 && $0.extractor == "generic" && $0.tab == .all && !$0.isShort })
                #expect(entries[0].url.hasPrefix(server.url(for: "clip-1.mp4") + "#__youtubedl_smuggle="))
                let statistics = await ytDlp.statistics
                #expect(start == .fork ? statistics.forkedListings == 1 : statistics.plainListings == 1)
            }
        }
    }

    @Test("skip 3 lists from the 4th entry on")
    func skip() async throws {
        try await withFeedServer { server in
            let feed = server.publishRSS(items: TestFeed.items(1...5, media: [server.url(for: "clip-1.mp4")]))
            try await withYtDlp { ytDlp in
                let entries = try await Self.collect(YtDlpLister(ytDlp: ytDlp).list(ListingRequest(url: feed, tab: .all, skip: 3)))
                #expect(entries.map(\.mediaID) == ["item-2", "item-1"])
            }
        }
    }

    @Test("a download of a listed RSS item keeps the guid as the video's id")
    func downloadKeepsGuid() async throws {
        try await withFeedServer { server in
            let feed = server.publishRSS(items: TestFeed.items(1...2, media: [server.url(for: "clip-1.mp4")]))
            try await withYtDlp { ytDlp in
                let entries = try await Self.collect(YtDlpLister(ytDlp: ytDlp).list(ListingRequest(url: feed, tab: .all)))
                let newest = try #require(entries.first)
                let work = try MediaTestSupport.makeWorkDirectory()
                let result = try await ytDlp.download(YtDlpRequest(url: newest.url, workDirectory: work, container: .mp4)) { _ in }
                #expect(result.info?.id == "item-2" && result.info?.extractor == "generic")
                #expect(FileManager.default.fileExists(atPath: result.filePath))
            }
        }
    }

    @Test("stopping after the first entry of a 200-item feed stops yt-dlp and leaves no process", arguments: [YtDlp.StartMode.fork, .cold])
    func earlyStop(start: YtDlp.StartMode) async throws {
        try await withFeedServer { server in
            let feed = server.publishRSS(items: TestFeed.items(1...200, media: [server.url(for: "clip-1.mp4")]))
            try await withYtDlp(YtDlp.Configuration(start: start)) { ytDlp in
                // A small buffer: yt-dlp is held back on its pipe long before it has printed 200 lines.
                let lister = YtDlpLister(ytDlp: ytDlp, configuration: .init(bufferedEntries: 2))
                var first: ListedEntry?
                var processID: Int32?
                for try await entry in lister.list(ListingRequest(url: feed, tab: .all)) {
                    first = entry
                    processID = await ytDlp.activeProcessIDs.first
                    break
                }
                #expect(first?.mediaID == "item-200")
                let pid = try #require(processID, "yt-dlp was still running when the consumer stopped")
                try await wait(timeout: .seconds(15)) {
                    await ytDlp.activeProcessIDs.isEmpty && !MediaTestSupport.processExists(pid)
                }
                #expect(!MediaTestSupport.processExists(pid), "reaped: no zombie")
                #expect(MediaTestSupport.members(ofProcessGroup: pid).isEmpty, "nothing left in its process group")
                #expect(await ytDlp.activeProcessIDs.isEmpty)
            }
        }
    }

    @Test("a feed that answers 404 fails with download_failed naming the HTTP error")
    func notFound() async throws {
        try await withFeedServer { server in
            try await withYtDlp { ytDlp in
                let error = await #expect(throws: SpoolError.self) {
                    _ = try await Self.collect(YtDlpLister(ytDlp: ytDlp).list(ListingRequest(url: server.url(for: "missing.xml"), tab: .all)))
                }
                #expect(error?.code == .downloadFailed)
                #expect(error?.message.contains("HTTP Error 404") == true)
                #expect(error?.message.contains(server.url(for: "missing.xml")) == true)
            }
        }
    }

    @Test("a feed that answers 429 fails with rate_limited")
    func rateLimited() async throws {
        try await withFeedServer { server in
            let feed = server.fail("feed.xml", status: 429)
            try await withYtDlp { ytDlp in
                let error = await #expect(throws: SpoolError.self) {
                    _ = try await Self.collect(YtDlpLister(ytDlp: ytDlp).list(ListingRequest(url: feed, tab: .all)))
                }
                #expect(error?.code == .rateLimited)
                #expect(error?.message.contains("429") == true)
            }
        }
    }

    @Test("a page of <video> tags lists page-1, page-2, page-3 with their media files")
    func videoPage() async throws {
        try await withFeedServer { server in
            let sources = ["clip-1.mp4", "clip-2.mp4", "clip-1.mp4?copy"]
            let page = server.publish(TestFeed.videoPage(title: "Clips", sources: sources), at: "page.html")
            try await withYtDlp { ytDlp in
                let entries = try await Self.collect(YtDlpLister(ytDlp: ytDlp).list(ListingRequest(url: page, tab: .all)))
                #expect(entries.map(\.mediaID) == ["page-1", "page-2", "page-3"])
                #expect(entries.map(\.url) == sources.map { server.baseURL + "/" + $0 })
            }
        }
    }

    @Test("without yt-dlp the listing fails with tool_missing")
    func missingTool() async throws {
        try await withYtDlp(YtDlp.Configuration(executable: "/nonexistent/yt-dlp")) { ytDlp in
            let error = await #expect(throws: SpoolError.self) {
                _ = try await Self.collect(YtDlpLister(ytDlp: ytDlp).list(ListingRequest(url: "http://127.0.0.1:9/feed.xml", tab: .all)))
            }
            #expect(error?.code == .toolMissing)
        }
    }

    @Test("exit status and stderr map to success, rate_limited, download_failed or tool_failed")
    func failureMapping() {
        let url = "https://www.youtube.com/@example/videos"
        func failure(_ status: TerminationStatus, _ stderr: String) -> SpoolError? {
            YtDlpLister.failure(status: status, standardError: YtDlpStderr(parsing: stderr), url: url)
        }
        #expect(failure(.exited(0), "") == nil)
        #expect(failure(.exited(101), "") == nil, "a --break-on-existing stop")
        #expect(failure(.exited(1), "ERROR: [youtube:tab] @example: This channel does not have a shorts tab") == nil)
        #expect(failure(.exited(1), "ERROR: [youtube:tab] @example: Sign in to confirm you’re not a bot. Use --cookies-from-browser")?.code == .rateLimited)
        #expect(failure(.exited(1), "ERROR: Unable to download webpage: HTTP Error 429: Too Many Requests")?.code == .rateLimited)
        #expect(failure(.exited(1), "ERROR: [youtube] abc: Sign in to confirm your age. This video may be inappropriate for some users.")?.code == .downloadFailed)
        let notFound = failure(.exited(1), "ERROR: [generic] feed: Unable to download webpage: HTTP Error 404: Not Found")
        #expect(notFound == SpoolError(.downloadFailed, "cannot list \(url): [generic] feed: Unable to download webpage: HTTP Error 404: Not Found"))
        #expect(failure(.exited(2), "yt-dlp: error: no such option: --bogus")?.code == .toolFailed)
        #expect(failure(.signaled(9), "")?.code == .toolFailed)
    }

    @Test("the arguments: flat, lazy, JSON lines, the skip as a playlist range, extra options, then -- and the URL")
    func arguments() {
        let arguments = YtDlpLister.arguments(for: ListingRequest(url: "-x", tab: .all, skip: 10), extraArguments: ["--cookies", "c.txt"])
        #expect(arguments.starts(with: ["--ignore-config"]))
        for flag in ["--flat-playlist", "--lazy-playlist", "--dump-json", "--no-warnings", "--ignore-no-formats-error"] {
            #expect(arguments.contains(flag))
        }
        #expect(Array(arguments.suffix(6)) == ["--playlist-items", "11:", "--cookies", "c.txt", "--", "-x"])
        #expect(!YtDlpLister.arguments(for: ListingRequest(url: "u", tab: .all)).contains("--playlist-items"))
    }

    /// Every entry of `stream`.
    static func collect(_ stream: AsyncThrowingStream<ListedEntry, any Error>) async throws -> [ListedEntry] {
        var entries: [ListedEntry] = []
        for try await entry in stream {
            entries.append(entry)
        }
        return entries
    }
}

/// Runs `body` with a ``MediaServer`` whose folder holds two small clips (`clip-1.mp4`, `clip-2.mp4`).
private func withFeedServer(_ body: (MediaServer) async throws -> Void) async throws {
    let folder = URL(fileURLWithPath: try MediaTestSupport.makeWorkDirectory("feeds"))
    _ = try await TestFeed.makeClips(count: 2, in: folder)
    try await withMediaServer(folder, body)
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
private func wait(timeout: Duration, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
}
