import Foundation
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

/// The preview runs real yt-dlp (the `YtDlpLister`) against feeds ``MediaServer`` serves on 127.0.0.1.
@Suite("Source preview", .serialized)
struct SourcePreviewRouteTests {
    /// Runs `body` with a media server over a folder holding one clip, and a lister on a cold yt-dlp.
    private func withFeeds(bytesPerSecond: Int? = nil, _ body: (MediaServer, YtDlpLister, URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-preview-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await MediaServer.start(directory: folder, bytesPerSecond: bytesPerSecond)
        let ytDlp = YtDlp(configuration: YtDlp.Configuration(start: .cold, killGrace: .seconds(1)))
        do {
            try await body(server, YtDlpLister(ytDlp: ytDlp), folder)
        } catch {
            await ytDlp.shutdown()
            try? await server.shutdown()
            throw error
        }
        await ytDlp.shutdown()
        try await server.shutdown()
    }

    @Test("a 5-item feed with backlog newest:2 would queue 2 and mark 3 seen; filters count as filtered")
    func counts() async throws {
        try await withFeeds { server, lister, _ in
            let feed = server.publishRSS(items: TestFeed.items(1...5, media: [server.url(for: "clip.mp4")], duration: 95))
            let api = try ArchiveTestAPI(lister: lister)
            let bearer = try await api.bearer()
            try await api.test { client throws in
                let response = try await client.send(.post, "/api/sources/preview", headers: bearer, json: #"{"url":"\#(feed)","backlog":"newest:2"}"#)
                #expect(response.status == .ok, "\(response.text)")
                let preview = try response.decode(SourcePreviewResponse.self)
                #expect(preview.listed == 5 && preview.wouldQueue == 2 && preview.seen == 3 && preview.filtered == 0 && preview.deferred == 0)
                #expect(preview.entries.map(\.mediaId) == ["item-5", "item-4", "item-3", "item-2", "item-1"])
                #expect(preview.entries.map(\.decision) == [.queue, .queue, .seen, .seen, .seen])
                #expect(preview.entries[0].title == "Episode 5" && preview.entries[0].duration == 95 && preview.entries[0].publishedAt != nil)

                let filtered = try await client.send(.post, "/api/sources/preview", headers: bearer,
                                                     json: #"{"url":"\#(feed)","backlog":"all","filters":{"minDuration":120}}"#)
                let strict = try filtered.decode(SourcePreviewResponse.self)
                #expect(strict.listed == 5 && strict.filtered == 5 && strict.wouldQueue == 0)
                #expect(strict.entries.allSatisfy { $0.reason?.hasPrefix("shorter than 120 s") == true })
            }
            #expect(try await api.sources.sources().isEmpty, "a preview stores nothing")
            #expect(try await api.syncEntries().isEmpty)
        }
    }

    @Test("the preview stops at its entry limit")
    func entryLimit() async throws {
        try await withFeeds { server, lister, _ in
            let feed = server.publishRSS(items: TestFeed.items(1...8, media: [server.url(for: "clip.mp4")]))
            let api = try ArchiveTestAPI(lister: lister) { $0.sourcePreviewMaxEntries = 3 }
            let bearer = try await api.bearer()
            try await api.test { client throws in
                let preview = try await client.send(.post, "/api/sources/preview", headers: bearer, json: #"{"url":"\#(feed)","backlog":"all"}"#)
                    .decode(SourcePreviewResponse.self)
                #expect(preview.listed == 3 && preview.wouldQueue == 3 && preview.entries.map(\.mediaId) == ["item-8", "item-7", "item-6"])
            }
        }
    }

    @Test("the preview answers with what was listed when its time is up, stopping yt-dlp")
    func timeLimit() async throws {
        // 200 B/s: the feed takes minutes to arrive, far beyond the 1.5 s limit.
        try await withFeeds(bytesPerSecond: 200) { server, lister, folder in
            try TestFeed.rss(title: "Slow", items: TestFeed.items(1...100, media: [server.url(for: "clip.mp4")]))
                .write(to: folder.appendingPathComponent("slow.xml"), atomically: true, encoding: .utf8)
            let api = try ArchiveTestAPI(lister: lister) { $0.sourcePreviewTimeout = .milliseconds(1_500) }
            let bearer = try await api.bearer()
            try await api.test { client throws in
                let started = ContinuousClock.now
                let response = try await client.send(.post, "/api/sources/preview", headers: bearer, json: #"{"url":"\#(server.url(for: "slow.xml"))"}"#)
                #expect(response.status == .ok, "\(response.text)")
                #expect(try response.decode(SourcePreviewResponse.self).listed == 0)
                #expect(ContinuousClock.now - started < .seconds(15), "the listing was not stopped at the limit")
            }
        }
    }

    @Test("a URL that cannot be listed is 422 invalid_input, a rate refusal 429, bad input 400")
    func failures() async throws {
        try await withFeeds { server, lister, _ in
            let api = try ArchiveTestAPI(lister: lister)
            let bearer = try await api.bearer()
            try await api.test { client throws in
                let missing = try await client.send(.post, "/api/sources/preview", headers: bearer, json: #"{"url":"\#(server.url(for: "gone.xml"))"}"#)
                #expect(missing.status == .unprocessableContent && missing.errorCode == "invalid_input", "\(missing.text)")
                #expect(missing.errorMessage?.hasPrefix("the source could not be listed") == true)
                let limited = try await client.send(.post, "/api/sources/preview", headers: bearer,
                                                    json: #"{"url":"\#(server.fail("busy.xml", status: 429))"}"#)
                #expect(limited.status == .tooManyRequests && limited.errorCode == "rate_limited" && limited.headers[.retryAfter] != nil, "\(limited.text)")
                let regex = try await client.send(.post, "/api/sources/preview", headers: bearer, json: #"{"url":"\#(server.url(for: "x.xml"))","filters":{"titleRegex":"("}}"#)
                #expect(regex.status == .badRequest && regex.errorMessage?.contains("titleRegex") == true)
                let unknown = try await client.send(.post, "/api/sources/preview", headers: bearer, json: #"{"url":"\#(server.url(for: "x.xml"))","extra":1}"#)
                #expect(unknown.status == .badRequest && unknown.errorCode == "unknown_field")
            }
        }
    }
}
