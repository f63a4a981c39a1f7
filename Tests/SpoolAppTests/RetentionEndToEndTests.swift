import Foundation
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Retention")
    struct RetentionFlow {
        /// Two small videos, `first.mp4` and `second.mp4`, in a fresh folder.
        static func videos() async throws -> URL {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-retention-\(UUID().uuidString.prefix(8))")
            for name in ["first", "second"] {
                _ = try await TestMedia.generateVideo(seconds: 2, to: folder.appendingPathComponent("\(name).mp4"))
            }
            return folder
        }

        /// Downloads `name` and returns the job's id and its file once it is COMPLETE.
        static func download(_ name: String, files: MediaServer, client: E2EClient) async throws -> (id: String, path: String) {
            let id = try await client.addJob(["url": files.url(for: "\(name).mp4"), "outputContainer": "mp4"])
            let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
            #expect(job["status"]?.stringValue == "COMPLETE")
            return (id, try #require(job["outputPath"]?.stringValue))
        }

        /// A leftover work folder of a job that does not exist, as a crash leaves one.
        static func leftover(in server: SpoolProcess) throws -> String {
            let folder = server.mediaRoot.appendingPathComponent("tmp/\(JobID.random().rawValue)/dub")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(repeating: 3, count: 10_000).write(to: folder.appendingPathComponent("voice.wav"))
            return folder.deletingLastPathComponent().path
        }

        @Test("RETENTION_KEEP_NEWEST=1: GET /api/retention lists the older job and its file, POST deletes exactly that, spool retention shows it")
        func dryRunThenApply() async throws {
            let folder = try await Self.videos()
            defer { try? FileManager.default.removeItem(at: folder) }
            let stray = JobIDBox()
            try await withMediaServer(folder) { files in
                let environment = ["RETENTION_KEEP_NEWEST": "1", "MAINTENANCE_INTERVAL": "0"]
                try await withSpool(environment: environment, beforeStart: { stray.value = try Self.leftover(in: $0) }) { server, client in
                    // With the schedule off, the work folders a crash left are still swept at start.
                    #expect(await FileWait.isGone(try #require(stray.value), limit: .seconds(60)), "the start-up sweep removed the leftover")
                    let older = try await Self.download("first", files: files, client: client)
                    let newer = try await Self.download("second", files: files, client: client)

                    let plan = try await client.send("GET", "/api/retention")
                    #expect(plan.status == 200, "\(plan.raw)")
                    #expect(plan.body["applied"] == .bool(false))
                    guard case .array(let items)? = plan.body["library"]?["items"] else {
                        Issue.record("no library items: \(plan.raw)")
                        return
                    }
                    #expect(items.compactMap { $0["jobId"]?.stringValue } == [older.id])
                    let paths = items.first.flatMap { item -> [String]? in
                        guard case .array(let list)? = item["paths"] else { return nil }
                        return list.compactMap(\.stringValue)
                    } ?? []
                    #expect(paths.contains(older.path))
                    #expect(items.first?["reason"]?.stringValue == "beyond the newest 1")
                    #expect((items.first?["bytes"]?.doubleValue ?? 0) > 0)
                    #expect(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "the dry run deletes nothing")

                    let table = try await EndToEnd.CommandLine.spool(["retention"], server: server, token: client.token)
                    #expect(table.status == 0, "\(table.output)")
                    #expect(table.output.contains(String(older.id.prefix(8))) && table.output.contains(older.path))
                    #expect(table.output.contains("Would delete 1 job"))

                    let applied = try await client.send("POST", "/api/retention")
                    #expect(applied.status == 200, "\(applied.raw)")
                    #expect(applied.body["applied"] == .bool(true))
                    guard case .array(let deleted)? = applied.body["library"]?["items"] else {
                        Issue.record("no deleted items: \(applied.raw)")
                        return
                    }
                    #expect(deleted == items, "POST answers with what the dry run listed")
                    #expect(paths.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "every listed file is gone")
                    #expect(FileManager.default.fileExists(atPath: newer.path))
                    #expect(try await client.send("GET", "/api/jobs/\(older.id)").status == 404)
                    #expect(try await client.send("GET", "/api/jobs/\(newer.id)").status == 200)
                    #expect(server.output.contains("retention deleted job \(older.id)"), "the server log has the deletion")
                    let applyAgain = try await EndToEnd.CommandLine.spool(["retention", "--apply"], server: server, token: client.token)
                    #expect(applyAgain.status == 0 && applyAgain.output.contains("Deleted 0 jobs"), "\(applyAgain.output)")
                }
            }
        }

        @Test("with a short MAINTENANCE_INTERVAL the retention and the temp sweep run on their own")
        func scheduled() async throws {
            let folder = try await Self.videos()
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withMediaServer(folder) { files in
                try await withSpool(environment: ["RETENTION_KEEP_NEWEST": "1", "MAINTENANCE_INTERVAL": "2s"]) { server, client in
                    let stray = try Self.leftover(in: server)
                    let older = try await Self.download("first", files: files, client: client)
                    let newer = try await Self.download("second", files: files, client: client)
                    let deadline = ContinuousClock.now + .seconds(90)
                    while ContinuousClock.now < deadline, try await client.send("GET", "/api/jobs/\(older.id)").status != 404 {
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    #expect(try await client.send("GET", "/api/jobs/\(older.id)").status == 404, "the scheduled retention deleted the older job")
                    #expect(await FileWait.isGone(older.path))
                    #expect(FileManager.default.fileExists(atPath: newer.path))
                    #expect(try await client.send("GET", "/api/jobs/\(newer.id)").status == 200)
                    #expect(await FileWait.isGone(stray, limit: .seconds(60)), "the temp sweep removed the leftover work folder")
                    let output = server.output
                    #expect(output.contains("retention deleted job \(older.id)"))
                    #expect(output.contains("removed the work folder of job \((stray as NSString).lastPathComponent)"))
                }
            }
        }

        @Test("distributed: two gateways queue the maintenance without piling up copies; `spool worker --stage generic` runs it")
        func distributed() async throws {
            let folder = try await Self.videos()
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withMediaServer(folder) { files in
                try await withCluster(extra: ["RETENTION_KEEP_NEWEST": "1", "MAINTENANCE_INTERVAL": "1s"]) { cluster, processes in
                    let gateway = processes.add(try await cluster.gateway())
                    processes.add(try await cluster.gateway())
                    processes.add(try await cluster.worker("download"))
                    let client = try await E2EClient.login(gateway)
                    let older = try await Self.download("first", files: files, client: client)
                    let newer = try await Self.download("second", files: files, client: client)
                    // No generic worker yet: the gateways keep one entry per task, however many ticks pass.
                    try await Task.sleep(for: .seconds(3))
                    let queue = try await client.send("GET", "/api/queue")
                    let waiting = queue.body["queues"]?["q:generic"]
                    #expect(waiting?["pending"]?.doubleValue == 4, "one retention, one temp-sweep, one webhook-deliveries and one audit-log entry: \(queue.raw)")
                    #expect(try await client.send("GET", "/api/jobs/\(older.id)").status == 200)

                    let maintainer = processes.add(try await cluster.worker("generic"))
                    let deadline = ContinuousClock.now + .seconds(90)
                    while ContinuousClock.now < deadline, try await client.send("GET", "/api/jobs/\(older.id)").status != 404 {
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    #expect(try await client.send("GET", "/api/jobs/\(older.id)").status == 404, "the generic worker ran the retention")
                    #expect(await FileWait.isGone(older.path))
                    #expect(FileManager.default.fileExists(atPath: newer.path))
                    #expect(maintainer.output.contains("retention deleted job \(older.id)"), "the worker's log has the deletion")
                }
            }
        }
    }
}
