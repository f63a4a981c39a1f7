import Foundation
import Logging
import ServiceLifecycle
import SpoolAPI
import SpoolCore
import SpoolMedia
import SpoolQueue
import SpoolSQLite
import SpoolStorage
import SpoolTesting
import SpoolWorker
import Testing

extension EndToEnd {
    /// The real `spool` binary as a client of an API served in this process over SQLite stores, with
    /// real yt-dlp listing a feed that ``MediaServer`` serves on 127.0.0.1.
    @Suite("Sources command line")
    struct SourcesCommandLine {
        /// Runs `spool` with `arguments` against `server` as `token`.
        static func spool(_ arguments: [String], server: String, token: String, home: URL) async throws -> ChildRun.Result {
            try await ChildRun.run(SpoolProcess.binary, arguments, environment: [
                "SPOOL_SERVER": server, "SPOOL_TOKEN": token, "XDG_CONFIG_HOME": home.path,
            ])
        }

        @Test("spool sources add --preview, add, ls, show, sync and rm drive the sources API")
        func sources() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sources-cli-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var logger = Logger(label: "spool.test.sources-cli")
            logger.logLevel = .warning
            let database = try SQLiteDatabase.open(path: folder.appendingPathComponent("spool.db").path, logger: logger)
            let sources = SQLiteSourceStore(database: database)
            let auth = SQLiteAuthStore(database: database)
            let driver = MemoryQueueDriver()
            let paths = MediaPaths(mediaRoot: folder.appendingPathComponent("media").path)
            try paths.createDirectories()
            let jobs = JobService(store: SQLiteJobStore(database: database), scheduler: QueueScheduler(driver: driver), events: EventHub(),
                                  control: RunningJobs(), files: LocalMediaStorage(paths: paths))
            let ytDlp = YtDlp(configuration: .init(start: .cold, killGrace: .seconds(1)))
            let dependencies = APIDependencies(
                jobService: jobs, auth: auth, queueDriver: driver,
                health: { HealthReport(uptime: 1, dependencies: .init(database: .ok, queue: .ok, filesystem: .ok, tools: [:])) },
                configuration: .init(bcryptCost: 4),
                archive: ArchiveService(store: sources, jobs: jobs, syncs: QueueSourceSyncScheduler(driver: driver)),
                lister: YtDlpLister(ytDlp: ytDlp)
            )
            _ = try await createUser(auth: auth, username: "alice", password: "password-alice", role: .user, bcryptCost: 4)
            let token = try await createAPIToken(auth: auth, username: "alice", name: "cli")
            let media = try await MediaServer.start(directory: folder)
            let feed = media.publishRSS(items: TestFeed.items(1...5, media: [media.url(for: "clip.mp4")], duration: 95), at: "news.xml")
            let (ports, port) = AsyncStream.makeStream(of: Int.self)
            let application = buildApplication(dependencies, host: "127.0.0.1", port: 0, logger: logger) { port.yield($0) }
            let services = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await services.run() }
                var listening = ports.makeAsyncIterator()
                let server = "http://127.0.0.1:\(try #require(await listening.next()))"
                func spool(_ arguments: String...) async throws -> ChildRun.Result {
                    try await Self.spool(arguments, server: server, token: token, home: folder)
                }

                let preview = try await spool("sources", "add", feed, "--backlog", "newest:2", "--preview")
                #expect(preview.status == 0, "\(preview.output)")
                #expect(preview.output.contains("Listed 5: 2 would be queued, 3 seen (before the backlog), 0 filtered, 0 deferred."), "\(preview.output)")
                #expect(preview.output.contains("\n  queue  item-5  ") && preview.output.contains("  seen   item-1  "), "\(preview.output)")
                #expect(try await sources.sources().isEmpty)

                let added = try await spool("sources", "add", feed, "--name", "News", "--backlog", "newest:2", "--min-duration", "60", "--json")
                #expect(added.status == 0, "\(added.output)")
                let source = try #require(try await sources.sources().first)
                #expect(source.name == "News" && source.backlog == .newest(2) && source.filters.minDuration == 60)
                #expect(added.output.contains(#""backlog" : "newest:2""#), "\(added.output)")

                let table = try await spool("sources", "ls")
                #expect(table.status == 0 && table.output.contains("\(source.id)   News  yes"), "\(table.output)")
                let shown = try await spool("sources", "show", "news")
                #expect(shown.status == 0 && shown.output.contains("Backlog:         newest:2") && shown.output.contains("Duration:        at least 1m00s"),
                        "\(shown.output)")
                let edited = try await spool("sources", "edit", "News", "--keep-newest", "3", "--max-total-size-mb", "700")
                #expect(edited.status == 0 && edited.output.contains("keep the newest 3, at most 700 MB"), "\(edited.output)")
                #expect(try await sources.source(source.id)?.retention == Retention(keepNewest: 3, maxTotalSizeMB: 700))
                let reshown = try await spool("sources", "show", "\(source.id)")
                #expect(reshown.output.contains("Max total size:  700 MB"), "\(reshown.output)")
                let synced = try await spool("sources", "sync", "News", "--full")
                #expect(synced.status == 0 && synced.output.contains("Source \(source.id): full queued"), "\(synced.output)")
                #expect(await driver.entries(in: .sync).map(\.key.rawValue) == ["source:\(source.id)"])

                let missing = try await spool("sources", "show", "404")
                #expect(missing.status == 4, "not found exits with 4: \(missing.output)")
                let invalid = try await spool("sources", "add", "ftp://example.com/feed")
                #expect(invalid.status == 2, "invalid input exits with 2: \(invalid.output)")
                let removed = try await spool("sources", "rm", "\(source.id)")
                #expect(removed.status == 0 && removed.output.contains("Source \(source.id) removed"), "\(removed.output)")
                #expect(try await sources.sources().isEmpty)
                await services.triggerGracefulShutdown()
            }
            await ytDlp.shutdown()
            try await media.shutdown()
        }
    }
}
