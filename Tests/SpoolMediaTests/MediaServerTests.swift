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

    @Test("shutdown ends transfers in progress and frees the port")
    func shutdown() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        try Data(count: 1_000_000).write(to: URL(fileURLWithPath: folder + "/big.bin"))
        let server = try await MediaServer.start(directory: URL(fileURLWithPath: folder), bytesPerSecond: 10_000)
        let transfer = Task { try await fetch(server.url(for: "big.bin")) }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        try await server.shutdown()
        #expect(ContinuousClock.now - started < .seconds(5))
        let finished = await transfer.result
        #expect((try? finished.get().body.count) != 1_000_000, "the transfer did not complete")
        await #expect(throws: (any Error).self) { try await fetch(server.url(for: "big.bin")) }
    }
}
