import Foundation
import SpoolCore
import SpoolTesting
import Synchronization
import Testing

/// A distributed deployment on this machine: one redis-server (AOF on), one PostgreSQL database,
/// and `spool gateway` / `spool worker` processes sharing one media folder.
final class Cluster: Sendable {
    let redis: RedisServerProcess
    let databaseURL: String
    let folder: URL
    let environment: [String: String]

    init(redis: RedisServerProcess, databaseURL: String, folder: URL, extra: [String: String]) {
        self.redis = redis
        self.databaseURL = databaseURL
        self.folder = folder
        self.environment = [
            "REDIS_URL": redis.url, "DATABASE_URL": databaseURL, "LEASE_DURATION": "3s", "YTDLP_START": "cold",
        ].merging(extra) { _, new in new }
    }

    /// A gateway on a free port (started).
    func gateway() async throws -> SpoolProcess {
        let process = try SpoolProcess(environment: environment, dataDirectory: folder, arguments: ["gateway"])
        try await process.start()
        return process
    }

    /// A worker for `stages` with /health on a free port (started).
    func worker(_ stages: String, extra: [String: String] = [:]) async throws -> SpoolProcess {
        let env = environment.merging(["HEALTH_PORT": "0"].merging(extra) { _, new in new }) { _, new in new }
        let process = try SpoolProcess(environment: env, dataDirectory: folder, arguments: ["worker", "--stage", stages])
        try await process.start()
        return process
    }
}

/// Runs `body` with a fresh redis-server and database; stops every process it registered.
func withCluster<T: Sendable>(extra: [String: String] = [:], _ body: (Cluster, ProcessList) async throws -> T) async throws -> T {
    let redis = try await RedisServerProcess.start(appendOnly: true)
    let postgres = try await PostgresServerProcess.shared()
    let database = try await postgres.createDatabase()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-cluster-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let processes = ProcessList()
    let cluster = Cluster(redis: redis, databaseURL: postgres.url(database: database), folder: folder, extra: extra)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
        let result = try await body(cluster, processes)
        await processes.stopAll()
        await redis.destroy()
        try? await postgres.dropDatabase(database)
        return result
    } catch {
        for process in processes.all { print("\(process.arguments.joined(separator: " ")) output:\n\(process.output.suffix(3_000))") }
        await processes.stopAll()
        await redis.destroy()
        try? await postgres.dropDatabase(database)
        throw error
    }
}

/// The processes a test started, stopped at its end.
final class ProcessList: Sendable {
    private let processes = Mutex<[SpoolProcess]>([])

    /// Registers and returns a started process.
    @discardableResult
    func add(_ process: SpoolProcess) -> SpoolProcess {
        processes.withLock { $0.append(process) }
        return process
    }

    var all: [SpoolProcess] { processes.withLock { $0 } }

    func stopAll() async {
        for process in all { await process.stop() }
    }
}

extension EndToEnd {
    @Suite("Distributed")
    struct Distributed {
        @Test("gateway + download, dub and mux workers as separate processes: a dubbing job completes and a WebSocket client on the gateway sees every stage")
        func dubbingAcrossProcesses() async throws {
            let media = try await TestMedia.generateVideo(seconds: 8, toneFrequency: 13_000)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withCluster { cluster, processes in
                    let gateway = processes.add(try await cluster.gateway())
                    processes.add(try await cluster.worker("download"))
                    processes.add(try await cluster.worker("dub", extra: ["DUBBING_PROVIDER": "tts"]))
                    processes.add(try await cluster.worker("mux"))
                    let client = try await E2EClient.login(gateway)
                    let box = JobIDBox()
                    let events = try await EndToEnd.WebSocket.readUntilComplete(client, subscribe: #""all""#) {
                        box.value = try await client.addJob(EndToEnd.Dubbing.dubJob(files.url(for: media.lastPathComponent)))
                    }
                    let id = try #require(box.value)
                    let mine = events.filter { $0["jobId"]?.stringValue == id }
                    let states = mine.filter { $0["type"]?.stringValue == "state_change" }.compactMap { $0["payload"]?["to"]?.stringValue }
                    #expect(states == ["DOWNLOADING", "DOWNLOADED", "DUBBING", "DUBBED", "MUXING", "COMPLETE"])
                    let progressStages = Set(mine.filter { $0["type"]?.stringValue == "progress" }.compactMap { $0["payload"]?["stage"]?.stringValue })
                    #expect(progressStages.isSuperset(of: ["download", "dub", "mux"]), "progress from every worker reaches the gateway: \(progressStages)")
                    let job = try await client.job(id)
                    let path = try #require(job["outputPath"]?.stringValue)
                    let streams = try await MediaInspector.streams(of: path)
                    #expect(streams.map(\.codecType) == ["video", "audio", "audio"])
                    #expect(streams[2].language == "rus" && streams[2].isDefault)
                }
            }
        }

        @Test("a file link issued by one gateway works on another (the signing key is the deployment's)")
        func fileLinkAcrossGateways() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withCluster { cluster, processes in
                    let first = processes.add(try await cluster.gateway())
                    let second = processes.add(try await cluster.gateway())
                    processes.add(try await cluster.worker("download"))
                    let a = try await E2EClient.login(first)
                    let id = try await a.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    let job = try await a.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                    #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                    let link = try await a.send("GET", "/api/jobs/\(id)/file-link")
                    let url = try #require(link.body["url"]?.stringValue, "\(link.raw)")
                    let path = url.hasPrefix("http") ? String(url[url.range(of: "/api/")!.lowerBound...]) : url
                    let anonymous = E2EClient(baseURL: second.baseURL, token: nil)
                    let fetched = try await anonymous.send("GET", path)
                    #expect(fetched.status == 200, "the other gateway honours the link: \(fetched.status)")
                    #expect(!fetched.raw.isEmpty)
                    let forged = try await anonymous.send("GET", path.replacingOccurrences(of: "signature=", with: "signature=x"))
                    #expect(forged.status == 403)
                }
            }
        }

        @Test("two gateways without a balancer: a job created on one is paused and canceled from the other")
        func twoGateways() async throws {
            let media = try await TestMedia.generateVideo(seconds: 20)
            let size = (try FileManager.default.attributesOfItem(atPath: media.path)[.size] as? NSNumber)?.intValue ?? 1_000_000
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: max(size / 10, 20_000)) { files in
                try await withCluster { cluster, processes in
                    let first = processes.add(try await cluster.gateway())
                    let second = processes.add(try await cluster.gateway())
                    processes.add(try await cluster.worker("download"))
                    let a = try await E2EClient.login(first)
                    let b = try await E2EClient.login(second)
                    let id = try await a.addJob(["url": files.url(for: media.lastPathComponent)])
                    _ = try await b.waitForStatus(id, in: ["DOWNLOADING"], timeout: .seconds(60))
                    let paused = try await b.send("POST", "/api/jobs/\(id)/pause")
                    #expect(paused.body["job"]?["status"]?.stringValue == "PAUSED", "\(paused.body)")
                    #expect(try await a.job(id)["status"]?.stringValue == "PAUSED")
                    let resumed = try await a.send("POST", "/api/jobs/\(id)/resume")
                    #expect(resumed.body["job"]?["status"]?.stringValue == "QUEUED")
                    _ = try await a.waitForStatus(id, in: ["DOWNLOADING"], timeout: .seconds(60))
                    let canceled = try await b.send("POST", "/api/jobs/\(id)/cancel")
                    #expect(canceled.body["job"]?["status"]?.stringValue == "CANCELED")
                    // The worker on another process stops: the bytes stop flowing, and stay stopped.
                    let sent = try #require(try await files.settledBytesSent(for: media.lastPathComponent, quiet: .seconds(1)), "the download stopped on the worker")
                    try await Task.sleep(for: .seconds(2))
                    #expect(files.bytesSent(for: media.lastPathComponent) == sent, "the download stopped on the worker")
                    #expect(try await a.job(id)["status"]?.stringValue == "CANCELED")
                }
            }
        }

        @Test("kill -9 of a download worker mid-download: a second worker takes the job when the lease runs out; one final file")
        func workerCrash() async throws {
            let media = try await TestMedia.generateVideo(seconds: 20)
            let size = (try FileManager.default.attributesOfItem(atPath: media.path)[.size] as? NSNumber)?.intValue ?? 1_000_000
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: max(size / 6, 20_000)) { files in
                try await withCluster { cluster, processes in
                    let gateway = processes.add(try await cluster.gateway())
                    let doomed = processes.add(try await cluster.worker("download"))
                    let client = try await E2EClient.login(gateway)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    _ = try await client.waitForStatus(id, in: ["DOWNLOADING"], timeout: .seconds(60))
                    try await Task.sleep(for: .seconds(1))
                    await doomed.stop(signal: SIGKILL)
                    processes.add(try await cluster.worker("download"))
                    let done = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(120))
                    #expect(done["status"]?.stringValue == "COMPLETE", "\(done)")
                    let library = cluster.folder.appendingPathComponent("media/library")
                    let finished = try FileManager.default.subpathsOfDirectory(atPath: library.path).filter { $0.hasSuffix(".mp4") }
                    #expect(finished.count == 1, "exactly one final file: \(finished)")
                }
            }
        }

        @Test("SIGTERM to a worker mid-download: it stops claiming, hands the job back after SHUTDOWN_TIMEOUT, and another worker finishes it")
        func gracefulWorkerShutdown() async throws {
            let media = try await TestMedia.generateVideo(seconds: 20)
            let size = (try FileManager.default.attributesOfItem(atPath: media.path)[.size] as? NSNumber)?.intValue ?? 1_000_000
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: max(size / 8, 20_000)) { files in
                // The download workers run yt-dlp from their fork server: it must outlive the drain.
                try await withCluster(extra: ["SHUTDOWN_TIMEOUT": "1s", "YTDLP_START": "fork"]) { cluster, processes in
                    let gateway = processes.add(try await cluster.gateway())
                    let leaving = processes.add(try await cluster.worker("download"))
                    let client = try await E2EClient.login(gateway)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    _ = try await client.waitForStatus(id, in: ["DOWNLOADING"], timeout: .seconds(60))
                    let started = ContinuousClock.now
                    let status = await leaving.stop(signal: SIGTERM)
                    #expect(status == 0, "the worker exits cleanly")
                    #expect(ContinuousClock.now - started < .seconds(15), "it does not wait out the lease")
                    // The entry is back in the queue at once (not held until its lease runs out); the job
                    // keeps its DOWNLOADING state and continues from its .part file on the next worker.
                    let queue = try await client.send("GET", "/api/queue")
                    let download = queue.body["queues"]?["q:download"]
                    #expect(download?["active"]?.doubleValue == 0, "\(queue.body)")
                    #expect(download?["pending"]?.doubleValue == 1, "\(queue.body)")
                    processes.add(try await cluster.worker("download"))
                    let done = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(120))
                    #expect(done["status"]?.stringValue == "COMPLETE", "\(done)")
                }
            }
        }

        @Test("the gateway stops while workers run and starts again: no state change is lost, the event log is complete and in order")
        func gatewayRestart() async throws {
            let media = try await TestMedia.generateVideo(seconds: 8, toneFrequency: 13_000)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withCluster { cluster, processes in
                    let gateway = processes.add(try await cluster.gateway())
                    processes.add(try await cluster.worker("download,dub,mux", extra: ["DUBBING_PROVIDER": "tts"]))
                    let client = try await E2EClient.login(gateway)
                    let id = try await client.addJob(EndToEnd.Dubbing.dubJob(files.url(for: media.lastPathComponent)))
                    _ = try await client.waitForStatus(id, in: ["DOWNLOADING", "DOWNLOADED", "DUBBING"], timeout: .seconds(60))
                    await gateway.stop()
                    // Workers carry on without a gateway.
                    try await Task.sleep(for: .seconds(8))
                    let again = processes.add(try await cluster.gateway())
                    let later = try await E2EClient.login(again)
                    let done = try await later.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(120))
                    #expect(done["status"]?.stringValue == "COMPLETE", "\(done)")
                    let log = try await later.send("GET", "/api/jobs/\(id)/logs?type=state_change&limit=100")
                    let events = log.body["events"]?.arrayValue ?? []
                    let states = events.compactMap { $0["payload"]?["to"]?.stringValue }
                    #expect(states == ["DOWNLOADING", "DOWNLOADED", "DUBBING", "DUBBED", "MUXING", "COMPLETE"])
                    let ids = events.compactMap { $0["id"]?.doubleValue }
                    #expect(ids == ids.sorted() && Set(ids).count == ids.count)
                }
            }
        }

        @Test("redis-server restarts (AOF) mid-run: no job is lost and every process reconnects by itself")
        func redisRestart() async throws {
            let media = try await TestMedia.generateVideo(seconds: 6)
            let size = (try FileManager.default.attributesOfItem(atPath: media.path)[.size] as? NSNumber)?.intValue ?? 1_000_000
            try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: max(size / 2, 20_000)) { files in
                try await withCluster { cluster, processes in
                    let gateway = processes.add(try await cluster.gateway())
                    processes.add(try await cluster.worker("download"))
                    let client = try await E2EClient.login(gateway)
                    var ids: [String] = []
                    for index in 0..<3 {
                        ids.append(try await client.addJob(["url": files.url(for: media.lastPathComponent) + "?n=\(index)"]))
                    }
                    _ = try await client.waitForStatus(ids[0], in: ["DOWNLOADING"], timeout: .seconds(60))
                    try await cluster.redis.restart()
                    // The gateway reconnects: a job added after the restart is queued and runs too.
                    ids.append(try await client.addJob(["url": files.url(for: media.lastPathComponent) + "?n=late"]))
                    for id in ids {
                        let done = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(120))
                        #expect(done["status"]?.stringValue == "COMPLETE", "\(done)")
                    }
                }
            }
        }
    }
}
