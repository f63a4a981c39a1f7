import Foundation
import SpoolCore
import SpoolTesting
import Testing

/// A followed source as a user meets it: real `spool serve`, real yt-dlp listing an RSS feed of
/// generated clips on a loopback server, the REST API.
extension EndToEnd {
    @Suite("Archive")
    struct Archive {
        @Test("backlog newest:2 downloads exactly 2 of 5; 2 new items are exactly what the next check downloads; a third check finds nothing")
        func backlogThenIncremental() async throws {
            try await withFeed { files, clips in
                let feed = files.publishRSS(items: TestFeed.items(1...5, media: clips.map(files.url(for:))))
                try await withSpool(environment: Self.quick) { server, client in
                    let source = try await client.addSource(["url": feed, "name": "Feed", "backlog": "newest:2"])
                    var progress = try await client.waitForSource(source) { $0["progress"]?["done"]?.intValue == 2 }
                    #expect(progress["progress"]?["skipped"]?.intValue == 3)
                    #expect(try await client.mediaIDs(source, phase: "downloaded") == ["item-4", "item-5"])
                    #expect(try await client.mediaIDs(source, phase: "seen") == ["item-1", "item-2", "item-3"])
                    let library = server.mediaRoot.appendingPathComponent("library")
                    for id in ["item-4", "item-5"] {
                        let folder = library.appendingPathComponent("Feed/videos/\(id)")
                        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                        #expect(files.contains { $0.hasPrefix("video.") }, "\(id) is filed under Feed/videos/\(id)/ (has \(files))")
                    }

                    files.publishRSS(items: TestFeed.items(1...7, media: clips.map(files.url(for:))))
                    let checked = progress["status"]?["lastCheckAt"]?.stringValue
                    #expect(try await client.send("POST", "/api/sources/\(source)/sync").status == 202)
                    progress = try await client.waitForSource(source) { $0["progress"]?["done"]?.intValue == 4 }
                    #expect(try await client.mediaIDs(source, phase: "downloaded") == ["item-4", "item-5", "item-6", "item-7"])
                    // The check read the feed itself; the downloads still keep the guid as the video's id.
                    for id in ["item-6", "item-7"] {
                        let names = try FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("Feed/videos/\(id)").path)
                        #expect(names.contains { $0.hasPrefix("video.") }, "\(id) is filed under its guid (has \(names))")
                    }

                    let last = try await client.waitForSource(source) { $0["status"]?["lastCheckAt"]?.stringValue != checked }
                    #expect(try await client.send("POST", "/api/sources/\(source)/sync").status == 202)
                    _ = try await client.waitForSource(source) {
                        $0["status"]?["lastCheckAt"]?.stringValue != last["status"]?["lastCheckAt"]?.stringValue
                    }
                    let jobs = try await client.send("GET", "/api/jobs?limit=50")
                    #expect(jobs.body["jobs"]?.arrayValue?.count == 4, "nothing is downloaded twice")
                    #expect(try await client.mediaIDs(source, phase: "queued").isEmpty)

                    // Seed 004's metrics count the source's downloads and their bytes.
                    let metrics = try await client.send("GET", "/metrics").raw
                    #expect(metrics.contains(#"spool_archive_downloads_total{status="complete"} 4"#))
                    #expect(metrics.contains("spool_archive_queue_length 0"))
                    let bytes = metrics.split(separator: "\n").first { $0.hasPrefix("spool_archive_storage_bytes ") }
                    #expect((bytes?.split(separator: " ").last.flatMap { Double($0) } ?? 0) > 10_000)
                }
            }
        }

        @Test("a too-short item and a title-regex match are stored as filtered with their reasons")
        func filters() async throws {
            try await withFeed { files, clips in
                let media = files.url(for: clips[0])
                let feed = files.publishRSS(items: [
                    TestFeed.Item(id: "long", title: "Episode 1", published: Date(timeIntervalSince1970: 1_700_000_000), mediaURL: media, duration: 30),
                    TestFeed.Item(id: "short", title: "Episode 2", published: Date(timeIntervalSince1970: 1_700_000_100), mediaURL: media, duration: 2),
                    TestFeed.Item(id: "trailer", title: "Official Trailer", published: Date(timeIntervalSince1970: 1_700_000_200), mediaURL: media, duration: 30),
                ])
                try await withSpool(environment: Self.quick) { _, client in
                    let source = try await client.addSource([
                        "url": feed, "backlog": "all", "filters": ["minDuration": 5, "titleRegex": "trailer"],
                    ])
                    _ = try await client.waitForSource(source) { $0["progress"]?["done"]?.intValue == 1 }
                    let filtered = try await client.items(source, phase: "filtered")
                    let reasons = Dictionary(uniqueKeysWithValues: filtered.compactMap { item in
                        item["mediaId"]?.stringValue.map { ($0, item["reason"]?.stringValue ?? "") }
                    })
                    #expect(reasons == ["short": "shorter than 5 s (2 s)", "trailer": "title matches /trailer/"])
                    #expect(try await client.mediaIDs(source, phase: "downloaded") == ["long"])
                }
            }
        }

        @Test("keep-newest-3 deletes the oldest files and logs it; an item marked keep stays")
        func retention() async throws {
            try await withFeed { files, clips in
                let feed = files.publishRSS(items: TestFeed.items(1...5, media: clips.map(files.url(for:))))
                try await withSpool(environment: Self.quick) { server, client in
                    let source = try await client.addSource(["url": feed, "name": "Kept", "backlog": "all"])
                    _ = try await client.waitForSource(source) { $0["progress"]?["done"]?.intValue == 5 }
                    #expect(try await client.send("PATCH", "/api/sources/\(source)", json: ["retention": ["keepNewest": 3]]).status == 200)
                    #expect(try await client.send("PATCH", "/api/sources/\(source)/media/item-1", json: ["keep": true]).status == 200)
                    let plan = try await client.send("GET", "/api/sources/\(source)/retention")
                    #expect(plan.body["items"]?.arrayValue?.compactMap { $0["mediaId"]?.stringValue } == ["item-2"])
                    #expect(try await client.send("POST", "/api/sources/\(source)/sync").status == 202)
                    _ = try await client.waitForSource(source) { _ in try await client.mediaIDs(source, phase: "deleted") == ["item-2"] }
                    let library = server.mediaRoot.appendingPathComponent("library/Kept/videos")
                    let deleted = (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("item-2").path)) ?? []
                    #expect(!deleted.contains { $0.hasPrefix("video.") }, "item-2's video is gone")
                    for id in ["item-1", "item-3", "item-4", "item-5"] {
                        let names = try FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent(id).path)
                        #expect(names.contains { $0.hasPrefix("video.") }, "\(id) is kept")
                    }
                    // The deletion is in the event log: replayed from the start over server-sent events.
                    let frames = try await SSEReader.collect(client, lastEventID: "0", timeout: .seconds(20)) { frames in
                        frames.contains { $0.envelope["payload"]?["message"]?.stringValue?.contains("retention deleted") == true }
                    }
                    let deletion = try #require(frames.first { $0.envelope["payload"]?["message"]?.stringValue?.contains("retention deleted") == true })
                    #expect(deletion.envelope["payload"]?["message"]?.stringValue?.contains("[item-2]") == true)
                    #expect(deletion.envelope["payload"]?["sourceId"]?.intValue == source && deletion.envelope["jobId"] == .null)
                }
            }
        }

        @Test("a fast check reads the Atom feed and downloads its new entry without listing the source again")
        func atomFastCheck() async throws {
            try await withFeed { files, clips in
                let items = TestFeed.items(1...3, media: clips.map(files.url(for:)))
                let feed = files.publishRSS(items: items)
                let atom = files.publish(TestFeed.atom(channelID: "UCfeed", title: "Feed", entries: items.map(Self.atomEntry)), at: "atom.xml")
                try await withSpool(environment: Self.quick) { _, client in
                    let source = try await client.addSource(["url": feed, "backlog": "none", "feedUrl": atom])
                    _ = try await client.waitForSource(source) { $0["progress"]?["skipped"]?.intValue == 3 && $0["status"]?["lastCheckAt"]?.stringValue != nil }
                    let fresh = TestFeed.Item(id: "item-4", title: "Episode 4", published: Date(), mediaURL: files.url(for: clips[0]))
                    files.publish(TestFeed.atom(channelID: "UCfeed", title: "Feed", entries: ([fresh] + items).map(Self.atomEntry)), at: "atom.xml")
                    let feedReads = files.requests.filter { $0.path == "/feed.xml" }.count
                    #expect(try await client.send("POST", "/api/sources/\(source)/sync?mode=fast").status == 202)
                    _ = try await client.waitForSource(source) { $0["progress"]?["done"]?.intValue == 1 }
                    #expect(try await client.mediaIDs(source, phase: "downloaded") == ["item-4"])
                    #expect(files.requests.filter { $0.path == "/feed.xml" }.count == feedReads, "the RSS listing was not read again")
                }
            }
        }

        /// No politeness pause before each download: the site is this machine.
        static let quick = ["SITE_DOWNLOAD_SLEEP": "0"]

        /// The Atom entry of a feed item: same id, linking to its media.
        static func atomEntry(_ item: TestFeed.Item) -> TestFeed.AtomEntry {
            TestFeed.AtomEntry(videoID: item.id, title: item.title, link: item.mediaURL, published: item.published)
        }

        @Test("a 429 from the site puts it in cool-down and changes no setting of the source")
        func rateLimited() async throws {
            try await withFeed { files, _ in
                let feed = files.fail("feed.xml", status: 429)
                try await withSpool(environment: Self.quick) { _, client in
                    let source = try await client.addSource(["url": feed, "backlog": "all", "schedule": "every 2h", "filters": ["minDuration": 5]])
                    let before = try await client.send("GET", "/api/sources/\(source)").body
                    let after = try await client.waitForSource(source) { $0["status"]?["lastError"]?.stringValue?.contains("cooling down") == true }
                    for key in ["url", "tabs", "schedule", "filters", "retention", "layout", "enabled", "backlog"] {
                        #expect(after[key] == before[key], "\(key) is unchanged")
                    }
                    let queue = try await client.send("GET", "/api/queue")
                    #expect(queue.status == 200)
                }
            }
        }

        @Test("distributed: a sync worker on Redis and PostgreSQL runs the check, a download worker fetches what it queued")
        func distributedSync() async throws {
            try await withFeed { files, clips in
                let feed = files.publishRSS(items: TestFeed.items(1...4, media: clips.map(files.url(for:))))
                try await withCluster(extra: Self.quick) { cluster, processes in
                    let gateway = processes.add(try await cluster.gateway())
                    let client = try await E2EClient.login(gateway)
                    let source = try await client.addSource(["url": feed, "name": "Spread", "backlog": "newest:2"])
                    // Nothing runs the check until a sync worker joins.
                    try await Task.sleep(for: .seconds(1))
                    let idle = try await client.send("GET", "/api/sources/\(source)").body
                    #expect(idle["progress"]?["listed"]?.intValue == 0)
                    let sync = processes.add(try await cluster.worker("sync"))
                    processes.add(try await cluster.worker("download"))
                    _ = try await client.waitForSource(source) { $0["progress"]?["done"]?.intValue == 2 }
                    #expect(try await client.mediaIDs(source, phase: "downloaded") == ["item-3", "item-4"])
                    #expect(try await client.mediaIDs(source, phase: "seen") == ["item-1", "item-2"])
                    #expect(sync.output.contains("sync"), "the sync worker names its stage")
                }
            }
        }

        @Test("kill -9 during the first index of a big feed: after a restart the index resumes and finishes, nothing listed twice")
        func killDuringIndex() async throws {
            try await withFeed { files, clips in
                let count = 5000
                let feed = files.publishRSS(items: TestFeed.items(1...count, media: clips.map(files.url(for:))))
                let server = try SpoolProcess(environment: Self.quick.merging(["LOG_LEVEL": "debug"]) { $1 })
                defer { Task { await server.destroy() } }
                try await server.start()
                var client = try await E2EClient.login(server)
                let source = try await client.addSource(["url": feed, "backlog": "none"])
                // Kill as soon as the first batches are saved, before the listing has finished.
                var listed = 0
                let deadline = ContinuousClock.now + .seconds(120)
                while ContinuousClock.now < deadline {
                    listed = try await client.send("GET", "/api/sources/\(source)").body["progress"]?["listed"]?.intValue ?? 0
                    if listed > 0 { break }
                    try await Task.sleep(for: .milliseconds(5))
                }
                _ = await server.stop(signal: SIGKILL)
                #expect(listed > 0 && listed < count, "the kill came in the middle of the index (\(listed) of \(count) listed)")
                try await server.start()
                client = try await E2EClient.login(server)
                let done = try await client.waitForSource(source, timeout: .seconds(180)) { $0["status"]?["lastFullIndexAt"]?.stringValue != nil }
                #expect(done["progress"]?["listed"]?.intValue == count)
                #expect(done["progress"]?["skipped"]?.intValue == count)
                #expect(server.output.contains(/source\.skip=[1-9]/), "the second run resumed from the saved cursor")
                await server.destroy()
            }
        }
    }
}

/// Runs `body` with a media server over two generated clips; the test publishes its feeds on it.
func withFeed<T: Sendable>(_ body: (MediaServer, [String]) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-feed-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let clips = try await TestFeed.makeClips(count: 2, seconds: 1, in: folder)
    return try await withMediaServer(folder) { files in try await body(files, clips) }
}

extension E2EClient {
    /// Adds a source; returns its id.
    func addSource(_ fields: [String: Any]) async throws -> Int {
        let response = try await send("POST", "/api/sources", json: fields)
        guard response.status == 201, let id = response.body["id"]?.intValue else {
            throw E2EError("adding the source failed: \(response.status) \(response.raw)")
        }
        return id
    }

    /// Polls the source until `condition` holds; returns it.
    @discardableResult
    func waitForSource(_ id: Int, timeout: Duration = .seconds(120), until condition: (JSONValue) async throws -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        var last: JSONValue = .null
        while ContinuousClock.now < deadline {
            last = try await send("GET", "/api/sources/\(id)").body
            if try await condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("source \(id) did not get there in time; last: \(last)")
    }

    /// The source's items in `phase`.
    func items(_ id: Int, phase: String) async throws -> [JSONValue] {
        try await send("GET", "/api/sources/\(id)/media?phase=\(phase)&limit=500").body["items"]?.arrayValue ?? []
    }

    /// The media ids of the source's items in `phase`, sorted.
    func mediaIDs(_ id: Int, phase: String) async throws -> [String] {
        try await items(id, phase: phase).compactMap { $0["mediaId"]?.stringValue }.sorted()
    }
}
