import Foundation
import HummingbirdTesting
@testable import SpoolAPI
import SpoolCore
import Testing

@Suite("Transmission RPC methods")
struct TransmissionMethodTests {
    static let listFields = [
        "error", "errorString", "eta", "id", "isFinished", "leftUntilDone", "name", "peersGettingFromUs", "peersSendingToUs",
        "rateDownload", "rateUpload", "sizeWhenDone", "status", "uploadRatio",
    ]

    /// An API with user alice and a client for her.
    static func withRPC(_ configure: (inout APIDependencies.Configuration) -> Void = { _ in }, _ body: @escaping @Sendable (TestAPI, TransmissionTestClient) async throws -> Void) async throws {
        let api = TestAPI(configure)
        _ = try await api.createToken("alice", role: .user)
        try await api.test { client in
            try await body(api, TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("alice", "password-alice")))
        }
    }

    @Test("torrent-get maps states and progress; every integer field is a JSON integer, rates and ETAs rounded")
    func torrentGetShapes() async throws {
        try await Self.withRPC({ $0.libraryRoot = "/media/library" }) { api, rpc in
            let queued = try await api.addJob("https://example.com/v/queued")
            let downloading = try await api.addJob("https://example.com/v/downloading")
            let done = try await api.addJob("https://example.com/v/done", priority: .high, tags: ["music"])
            let failed = try await api.addJob("https://example.com/v/failed")
            let muxing = try await api.addJob("https://example.com/v/muxing")
            _ = try await api.store.modify(downloading.id) { job in
                job.state = .downloading
                job.title = "Clip"
                job.progress = JobProgress(stage: .download, percent: 25, downloadedBytes: 2_500_000, totalBytes: 10_000_000, speed: 1_234_567.8, eta: 6.4)
                return []
            }
            _ = try await api.store.modify(done.id) { job in
                job.state = .complete
                job.finishedStages = [.download, .mux]
                job.outputPath = "/media/library/Artist/Song.mkv"
                job.finishedAt = Date(timeIntervalSince1970: 1_800_000_000.7)
                return []
            }
            var media = Media(jobID: done.id)
            media.title = "Song"
            media.filesize = 7_000_000
            media.path = "/media/library/Artist/Song.mkv"
            await api.store.saveMedia(media)
            _ = try await api.store.modify(failed.id) { job in
                job.state = .failed
                job.failure = JobFailure(code: "download_failed", message: "HTTP Error 404: Not Found", stage: .download)
                return []
            }
            _ = try await api.store.modify(muxing.id) { job in
                job.state = .muxing
                job.finishedStages = [.download]
                job.progress = JobProgress(stage: .mux, percent: 40)
                return []
            }
            let raw = try await rpc.raw("torrent-get", #"{"fields":["id","rateDownload","eta","sizeWhenDone","leftUntilDone","status"],"ids":[2]}"#)
            #expect(raw.contains(#""rateDownload":1234568"#) && raw.contains(#""eta":6"#), "integers, not reals: \(raw)")
            #expect(!raw.contains("1234567.8") && !raw.contains("6.4"))

            let torrents = try await rpc.torrents(Self.listFields + ["hashString", "percentDone", "labels", "bandwidthPriority", "files", "fileStats", "doneDate", "downloadDir", "recheckProgress"])
            #expect(torrents.map { $0["id"] } == [1.0, 2, 3, 4, 5].map { JSONValue.number($0) })
            let byID = Dictionary(uniqueKeysWithValues: torrents.map { ($0["id"]?.intValue ?? 0, $0) })
            #expect(byID[1]?["status"] == .number(3) && byID[1]?["eta"] == .number(-2) && byID[1]?["name"] == .string(queued.options.url))
            #expect(byID[1]?["hashString"] == .string(queued.id.torrentHash))
            #expect(byID[2]?["status"] == .number(4) && byID[2]?["peersSendingToUs"] == .number(1) && byID[2]?["name"] == .string("Clip"))
            #expect(byID[2]?["leftUntilDone"] == .number(7_500_000) && byID[2]?["sizeWhenDone"] == .number(10_000_000) && byID[2]?["percentDone"] == .number(0.25))
            let song = try #require(byID[3])
            #expect(song["status"] == .number(0) && song["isFinished"] == .bool(true) && song["leftUntilDone"] == .number(0) && song["eta"] == .number(-1))
            #expect(song["sizeWhenDone"] == .number(7_000_000) && song["labels"] == .array([.string("music")]) && song["bandwidthPriority"] == .number(1))
            #expect(song["files"] == .array([.object(["name": .string("Artist/Song.mkv"), "length": .number(7_000_000), "bytesCompleted": .number(7_000_000)])]))
            #expect(song["fileStats"]?.arrayValue?.count == 1 && song["doneDate"] == .number(1_800_000_000) && song["downloadDir"] == .string("/media/library"))
            #expect(byID[4]?["status"] == .number(0) && byID[4]?["error"] == .number(3) && byID[4]?["errorString"] == .string("HTTP Error 404: Not Found"))
            #expect(byID[4]?["isFinished"] == .bool(false))
            #expect(byID[5]?["status"] == .number(2) && byID[5]?["recheckProgress"] == .number(0.4) && byID[5]?["percentDone"] == .number(1))

            let table = try await rpc.call("torrent-get", #"{"fields":["id","status"],"format":"table","ids":[1,3]}"#)
            #expect(table["arguments"]?["torrents"] == .array([.array([.string("id"), .string("status")]), .array([.number(1), .number(3)]), .array([.number(3), .number(0)])]))
        }
    }

    @Test("ids: numbers, number strings, hash strings alone or in lists, job ids; unknown ids are skipped")
    func idForms() async throws {
        try await Self.withRPC { api, rpc in
            let jobs = [try await api.addJob(), try await api.addJob(), try await api.addJob()]
            let hash = jobs[1].id.torrentHash
            #expect(try await rpc.torrents(["id"], ids: "2").map { $0["id"] } == [.number(2)])
            #expect(try await rpc.torrents(["id"], ids: #""\#(hash)""#).map { $0["id"] } == [.number(2)])
            #expect(try await rpc.torrents(["id"], ids: #""\#(hash.uppercased())""#).map { $0["id"] } == [.number(2)])
            #expect(try await rpc.torrents(["id"], ids: #"[3,"\#(hash)","1",99,"\#(jobs[0].id)"]"#).map { $0["id"] } == [1.0, 2, 3].map { JSONValue.number($0) })
            #expect(try await rpc.torrents(["id"], ids: "[]").isEmpty)
        }
    }

    @Test("recently-active lists jobs changed in the last minute and the numbers of jobs removed")
    func recentlyActive() async throws {
        try await Self.withRPC { api, rpc in
            let old = try await api.addJob()
            _ = try await api.store.modify(old.id) { job in
                job.updatedAt = Date().addingTimeInterval(-3_600)
                return []
            }
            _ = try await api.addJob()
            let gone = try await api.addJob()
            #expect(try await rpc.call("torrent-remove", #"{"ids":[3]}"#)["result"] == .string("success"))
            #expect(try await api.store.job(gone.id) == nil)
            let answer = try await rpc.call("torrent-get", #"{"fields":["id"],"ids":"recently-active"}"#)
            #expect(answer["arguments"]?["torrents"] == .array([.object(["id": .number(2)])]))
            #expect(answer["arguments"]?["removed"] == .array([.number(3)]))
            let next = try await api.addJob()
            #expect(next.number == 4, "a removed job's number is not given again")
        }
    }

    @Test("torrent-add: a URL becomes a job (labels, priority, paused); the same URL is a duplicate; magnets and files are refused")
    func torrentAdd() async throws {
        try await Self.withRPC { api, rpc in
            let added = try await rpc.call("torrent-add", #"{"filename":"https://example.com/v/new","labels":["a","b"],"bandwidthPriority":-1}"#)
            #expect(added["result"] == .string("success"))
            let torrent = try #require(added["arguments"]?["torrent-added"])
            #expect(torrent["id"] == .number(1) && torrent["name"] == .string("https://example.com/v/new"))
            let job = try #require(try await api.store.job(number: 1))
            #expect(torrent["hashString"] == .string(job.id.torrentHash))
            #expect(job.options.tags == ["a", "b"] && job.options.priority == .low && job.state == .queued)
            #expect(await api.driver.entries(in: .download).map(\.jobID) == [job.id])

            let again = try await rpc.call("torrent-add", #"{"filename":"https://example.com/v/new"}"#)
            #expect(again["arguments"]?["torrent-duplicate"]?["id"] == .number(1))
            #expect(try await api.store.list(JobQuery()).total == 1)

            let paused = try await rpc.call("torrent-add", #"{"filename":"https://example.com/v/later","paused":true}"#)
            let pausedJob = try #require(try await api.store.job(number: Int64(paused["arguments"]?["torrent-added"]?["id"]?.intValue ?? 0)))
            #expect(pausedJob.state == .paused)

            let magnet = try await rpc.call("torrent-add", #"{"filename":"magnet:?xt=urn:btih:0123"}"#)
            #expect(magnet["result"]?.stringValue?.contains("Spool cannot add magnet links") == true)
            #expect(try await rpc.call("torrent-add", #"{"filename":"/tmp/file.torrent"}"#)["result"]?.stringValue?.contains("http(s) URL") == true)
            #expect(try await rpc.call("torrent-add", #"{"metainfo":"ZDg6YW5ub3VuY2U="}"#)["result"]?.stringValue?.contains("not .torrent files") == true)
            #expect(try await rpc.call("torrent-add", #"{"filename":"https://example.com/v/x","labels":["a,b"]}"#)["result"]?.stringValue?.contains("without commas") == true)
            #expect(try await rpc.call("torrent-add")["result"] == .string("no filename or metainfo specified"))
        }
    }

    @Test("start, stop, start-now, verify, remove (with and without the files) and queue moves drive the jobs")
    func actions() async throws {
        try await Self.withRPC { api, rpc in
            let first = try await api.addJob()
            let second = try await api.addJob()
            let third = try await api.addJob()
            #expect(try await rpc.call("torrent-stop", #"{"ids":[1,2]}"#)["result"] == .string("success"))
            #expect(await api.store.job(first.id)?.state == .paused)
            #expect(await api.store.job(second.id)?.state == .paused)
            #expect(try await rpc.call("torrent-stop", #"{"ids":[1]}"#)["result"] == .string("success"), "stopping a stopped job changes nothing")
            #expect(try await rpc.call("torrent-start", #"{"ids":[1]}"#)["result"] == .string("success"))
            #expect(try await api.store.job(first.id)?.state == .queued)
            #expect(try await rpc.call("torrent-start-now", #"{"ids":[2]}"#)["result"] == .string("success"))
            #expect(await api.driver.entries(in: .download).first { $0.jobID == second.id }?.forced == true)
            #expect(try await rpc.call("torrent-verify", #"{"ids":[2]}"#)["result"] == .string("success"))

            #expect(try await rpc.call("queue-move-top", #"{"ids":[3]}"#)["result"] == .string("success"))
            #expect(await api.driver.entries(in: .download).filter { !$0.forced }.map(\.jobID) == [third.id, first.id], "job 2 was started now, ahead of the queue")
            #expect(try await rpc.call("queue-move-bottom", #"{"ids":[3]}"#)["result"] == .string("success"))
            #expect(await api.driver.entries(in: .download).filter { !$0.forced }.map(\.jobID) == [first.id, third.id])

            _ = try await api.store.modify(third.id) { job in
                job.state = .complete
                job.outputPath = "/media/library/third.mkv"
                return []
            }
            #expect(try await rpc.call("torrent-remove", #"{"ids":[1]}"#)["result"] == .string("success"))
            #expect(await api.store.job(first.id) == nil)
            #expect(api.runtime.removedOutputs.isEmpty)
            #expect(try await rpc.call("torrent-remove", #"{"ids":[3],"delete-local-data":true}"#)["result"] == .string("success"))
            #expect(await api.store.job(third.id) == nil)
            #expect(api.runtime.removedOutputs == ["/media/library/third.mkv"])
        }
    }

    @Test("torrent-set changes labels and the priority class (re-queued by it); other keys are ignored")
    func torrentSet() async throws {
        try await Self.withRPC { api, rpc in
            let first = try await api.addJob()
            let second = try await api.addJob()
            #expect(try await rpc.call("torrent-set", #"{"ids":[2],"labels":["news"],"bandwidthPriority":1,"uploadLimit":5}"#)["result"] == .string("success"))
            let changed = try #require(try await api.store.job(second.id))
            #expect(changed.options.tags == ["news"] && changed.options.priority == .high)
            #expect(await api.driver.entries(in: .download).map(\.jobID) == [second.id, first.id], "the high-priority job runs first")
            #expect(try await rpc.call("torrent-set", #"{"ids":[1],"bandwidthPriority":4}"#)["result"]?.stringValue?.contains("-1, 0 or 1") == true)
        }
    }

    @Test("session-get, session-set, session-stats and free-space")
    func session() async throws {
        try await Self.withRPC({ configuration in
            configuration.libraryRoot = "/media/library"
            configuration.transmission = TransmissionConfiguration(downloadConcurrency: 3, version: "Spool test")
        }) { api, rpc in
            let job = try await api.addJob()
            _ = try await api.store.modify(job.id) { job in
                job.state = .downloading
                job.progress = JobProgress(stage: .download, downloadedBytes: 1_000, totalBytes: 4_000, speed: 512.4)
                return []
            }
            let session = try #require(try await rpc.call("session-get")["arguments"])
            #expect(session["version"] == .string("Spool test") && session["rpc-version"] == .number(17) && session["rpc-version-minimum"] == .number(1))
            #expect(session["download-dir"] == .string("/media/library") && session["download-queue-size"] == .number(3) && session["download-queue-enabled"] == .bool(true))
            #expect(session["units"]?["speed-bytes"] == .number(1000))
            let some = try await rpc.call("session-get", #"{"fields":["version","peer-port"]}"#)
            #expect(some["arguments"] == .object(["version": .string("Spool test"), "peer-port": .number(0)]))
            #expect(try await rpc.call("session-set", #"{"download-queue-size":9,"alt-speed-enabled":true}"#)["result"] == .string("success"))
            #expect(try await rpc.call("session-get", #"{"fields":["download-queue-size"]}"#)["arguments"]?["download-queue-size"] == .number(3))

            let stats = try #require(try await rpc.call("session-stats")["arguments"])
            #expect(stats["torrentCount"] == .number(1) && stats["activeTorrentCount"] == .number(1) && stats["downloadSpeed"] == .number(512))
            #expect(stats["current-stats"]?["downloadedBytes"] == .number(1_000) && stats["current-stats"]?["filesAdded"] == .number(1))
            #expect(stats["cumulative-stats"] == stats["current-stats"])

            let space = try #require(try await rpc.call("free-space", #"{"path":"/"}"#)["arguments"])
            #expect(space["path"] == .string("/") && (space["size-bytes"]?.intValue ?? 0) > 0 && (space["total_size"]?.intValue ?? 0) >= (space["size-bytes"]?.intValue ?? 0))
            #expect(try await rpc.call("free-space", #"{"path":"/no/such/folder"}"#)["result"]?.stringValue?.hasPrefix("no such directory") == true)
        }
    }
}
