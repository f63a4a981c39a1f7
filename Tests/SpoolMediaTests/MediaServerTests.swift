import Foundation
import SpoolTesting
import Testing

@Suite("Media server")
struct MediaServerTests {
    @Test("GET, HEAD, ranges, 404 and content types, with bytes counted per path")
    func serving() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let body = Data((0..<10_000).map { UInt8($0 % 251) })
        try body.write(to: URL(fileURLWithPath: folder + "/clip.mp4"))
        try Data("#EXTM3U\n".utf8).write(to: URL(fileURLWithPath: folder + "/index.m3u8"))
        try FileManager.default.createDirectory(atPath: folder + "/a dir", withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: folder + "/a dir/seg 1.ts"))
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
        #expect(server.port > 0)

        let whole = try await fetch(server.url(for: "clip.mp4"))
        #expect(whole.status == 200 && whole.body == body)
        #expect(whole.header("Content-Type") == "video/mp4" && whole.header("Accept-Ranges") == "bytes")

        let head = try await fetch(server.url(for: "clip.mp4"), method: "HEAD")
        #expect(head.status == 200 && head.header("Content-Length") == "10000" && head.body.isEmpty)

        let middle = try await fetch(server.url(for: "clip.mp4"), headers: ["Range": "bytes=100-199"])
        #expect(middle.status == 206 && middle.body == body[100..<200])
        #expect(middle.header("Content-Range") == "bytes 100-199/10000")
        let tail = try await fetch(server.url(for: "clip.mp4"), headers: ["Range": "bytes=9000-"])
        #expect(tail.status == 206 && tail.body == body[9000...])
        let suffix = try await fetch(server.url(for: "clip.mp4"), headers: ["Range": "bytes=-10"])
        #expect(suffix.body == body.suffix(10))
        let beyond = try await fetch(server.url(for: "clip.mp4"), headers: ["Range": "bytes=20000-"])
        #expect(beyond.status == 416 && beyond.header("Content-Range") == "bytes */10000")

        #expect(server.bytesSent(for: "/clip.mp4") == 10_000 + 100 + 1_000 + 10)

        let playlist = try await fetch(server.url(for: "index.m3u8"))
        #expect(playlist.header("Content-Type") == "application/vnd.apple.mpegurl")
        let segment = try await fetch(server.url(for: "a dir/seg 1.ts"))
        #expect(segment.status == 200 && segment.body == Data([1, 2, 3]) && segment.header("Content-Type") == "video/mp2t")
        #expect(server.bytesSent(for: "/a dir/seg 1.ts") == 3)

        #expect(try await fetch(server.url(for: "missing.mp4")).status == 404)
        #expect(try await fetch(server.baseURL + "/../../etc/passwd").status == 404)
        #expect(try await fetch(server.baseURL + "/%2E%2E/%2E%2E/etc/passwd").status == 404)
        #expect(try await fetch(server.url(for: "clip.mp4"), method: "DELETE").status == 405)
        #expect(server.requests.contains { $0.path == "/clip.mp4" && $0.range == "bytes=100-199" && $0.status == 206 })

        server.resetCounters()
        #expect(server.bytesSent(for: "/clip.mp4") == 0 && server.requests.isEmpty)
        }
    }

    @Test("ETag and Last-Modified change with the file; If-Range, ignored ranges, refused HEAD, extra headers, concurrent transfers")
    func validatorsAndBehaviour() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let file = URL(fileURLWithPath: folder + "/clip.mp4")
        let body = Data((0..<10_000).map { UInt8($0 % 251) })
        try body.write(to: file)
        try await withMediaServer(URL(fileURLWithPath: folder), bytesPerSecond: 20_000) { server in
            let url = server.url(for: "clip.mp4")
            let head = try await fetch(url, method: "HEAD")
            let etag = try #require(head.header("ETag"))
            let modified = try #require(head.header("Last-Modified"))
            #expect(etag.hasPrefix("\"") && modified.hasSuffix(" GMT"))

            let matching = try await fetch(url, headers: ["Range": "bytes=0-99", "If-Range": etag])
            #expect(matching.status == 206 && matching.body == body[0..<100])
            let byDate = try await fetch(url, headers: ["Range": "bytes=0-99", "If-Range": modified])
            #expect(byDate.status == 206)
            let stale = try await fetch(url, headers: ["Range": "bytes=0-99", "If-Range": "\"other\""])
            #expect(stale.status == 200 && stale.body == body, "a stale If-Range gets the whole file")

            // Rewritten in place: same size, another modification time, so another ETag.
            try await Task.sleep(for: .milliseconds(20))
            try Data(body.reversed()).write(to: file)
            let after = try await fetch(url, method: "HEAD")
            #expect(after.header("ETag") != etag)

            server.behaviour = .init(ignoresRanges: true)
            let ignored = try await fetch(url, headers: ["Range": "bytes=0-99"])
            #expect(ignored.status == 200 && ignored.body.count == 10_000)
            #expect(try await fetch(url, method: "HEAD").header("Accept-Ranges") == "bytes", "HEAD still claims ranges")
            server.behaviour = .init(refusesHead: true)
            #expect(try await fetch(url, method: "HEAD").status == 405)
            server.behaviour = .init(hidesRangeSupport: true)
            let hidden = try await fetch(url, method: "HEAD")
            #expect(hidden.header("Accept-Ranges") == nil && hidden.header("ETag") == nil)
            server.behaviour = .init()

            server.setHeaders(["Content-Disposition": "attachment; filename=\"a.mp4\"", "Content-Type": "application/octet-stream"], for: "clip.mp4")
            let named = try await fetch(url, method: "HEAD")
            #expect(named.header("Content-Disposition") == "attachment; filename=\"a.mp4\"" && named.header("Content-Type") == "application/octet-stream")

            // Two ranged transfers at once; on a loaded machine the first may end before the second
            // starts, so the pair is tried up to three times for the overlap.
            var peak = 0
            for _ in 0..<3 where peak < 2 {
                server.resetCounters()
                async let first = fetch(url, headers: ["Range": "bytes=0-4999"])
                async let second = fetch(url, headers: ["Range": "bytes=5000-9999"])
                let parts = try await [first, second]
                #expect(parts.allSatisfy { $0.status == 206 })
                #expect(server.rangedRequests(for: "clip.mp4").count == 2)
                peak = server.peakConcurrentTransfers(for: "clip.mp4")
            }
            #expect(peak == 2)
        }
    }

    @Test("the rate limit paces each transfer")
    func rateLimit() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try Data(count: 60_000).write(to: URL(fileURLWithPath: folder + "/slow.bin"))
        try await withMediaServer(URL(fileURLWithPath: folder), bytesPerSecond: 40_000) { server in
            let started = ContinuousClock.now
            let response = try await fetch(server.url(for: "slow.bin"))
            #expect(response.body.count == 60_000)
            #expect(ContinuousClock.now - started >= .milliseconds(1_200), "60 kB at 40 kB/s cannot take less than 1.5 s")
        }
    }

    @Test("published documents are served from memory, replaced, failed with a status and removed")
    func documents() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try Data("on disk\n".utf8).write(to: URL(fileURLWithPath: folder + "/feed.xml"))
        try await withMediaServer(URL(fileURLWithPath: folder)) { server in
            let items = TestFeed.items(1...3, media: [server.url(for: "clip.mp4")], duration: 65)
            let url = server.publishRSS(title: "News & Views", items: items)
            let first = try await fetch(url)
            let text = String(decoding: first.body, as: UTF8.self)
            #expect(first.status == 200 && first.header("Content-Type") == "application/rss+xml; charset=utf-8")
            #expect(text.contains("<title>News &amp; Views</title>"))
            #expect(text.contains("<guid isPermaLink=\"false\">item-3</guid>"))
            #expect(text.contains("<pubDate>Wed, 15 Nov 2023 00:13:20 +0000</pubDate>"))
            #expect(text.contains("<itunes:duration>0:01:05</itunes:duration>"))
            #expect(text.range(of: "item-3")!.lowerBound < text.range(of: "item-1")!.lowerBound, "newest first")

            server.publishRSS(items: TestFeed.items(1...5, media: [server.url(for: "clip.mp4")]))
            #expect(String(decoding: try await fetch(url).body, as: UTF8.self).contains("item-5"))

            server.fail("feed.xml", status: 429)
            let refused = try await fetch(url)
            #expect(refused.status == 429 && refused.header("Retry-After") == "3600")

            server.unpublish("feed.xml")
            #expect(String(decoding: try await fetch(url).body, as: UTF8.self) == "on disk\n")
            #expect(server.requests.map(\.status) == [200, 200, 429, 200])

            let page = server.publish(TestFeed.videoPage(title: "Clips", sources: ["a.mp4", "b.mp4"]), at: "page.html")
            let html = try await fetch(page)
            #expect(html.header("Content-Type") == "text/html; charset=utf-8")
            #expect(String(decoding: html.body, as: UTF8.self).components(separatedBy: "<video ").count == 3)
        }
    }

    @Test("a YouTube-style Atom feed names each entry's video and channel")
    func atomFeed() {
        let published = Date(timeIntervalSince1970: 1_700_000_000)
        let xml = TestFeed.atom(channelID: "UCabc", title: "A <Channel>", entries: [
            .init(videoID: "vid00000001", title: "Tom & Jerry", published: published),
        ])
        #expect(xml.contains("<feed xmlns:yt=\"http://www.youtube.com/xml/schemas/2015\""))
        #expect(xml.contains("<id>yt:video:vid00000001</id>") && xml.contains("<yt:videoId>vid00000001</yt:videoId>"))
        #expect(xml.contains("<title>Tom &amp; Jerry</title>") && xml.contains("<title>A &lt;Channel&gt;</title>"))
        #expect(xml.contains("<published>2023-11-14T22:13:20+00:00</published>"))
        #expect(xml.contains("<link rel=\"alternate\" href=\"https://www.youtube.com/watch?v=vid00000001\"/>"))
    }

    @Test("shutdown ends transfers in progress and frees the port")
    func shutdown() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try Data(count: 1_000_000).write(to: URL(fileURLWithPath: folder + "/big.bin"))
        let server = try await MediaServer.start(directory: URL(fileURLWithPath: folder), bytesPerSecond: 10_000)
        let transfer = Task { try await fetch(server.url(for: "big.bin")) }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        try await server.shutdown()
        #expect(ContinuousClock.now - started < .seconds(15), "bound loose: the whole suite shares the two cores")
        let finished = await transfer.result
        #expect((try? finished.get().body.count) != 1_000_000, "the transfer did not complete")
        await #expect(throws: (any Error).self) { try await fetch(server.url(for: "big.bin")) }
    }
}
