import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolAPIModels
import SpoolCore
import SpoolSQLite
import Testing

/// Jobs belong to the user who added them: a `user` sees and controls their own (and those of no
/// one), another user's job is a 404; admins see and control all, viewers see all.
@Suite("Job ownership", .timeLimit(.minutes(5)))
struct JobOwnershipTests {
    @Test("REST: a job added with a token is its user's; others get 404 on show, logs, files, control, move and delete; admins control it")
    func rest() async throws {
        let api = try FullTestAPI()
        let alice = try await api.token("alice", role: .user)
        let bob = try await api.token("bob", role: .user)
        let admin = try await api.token("root", role: .admin)
        let viewer = try await api.token("vera", role: .viewer)
        let aliceID = try await api.userID("alice")
        let nobodys = try await api.addJob(owner: nil)
        try await api.test { client in
            func headers(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
            let created = try await client.send(.post, "/api/jobs", headers: headers(alice), json: #"{"url":"https://example.com/a"}"#)
            #expect(created.status == .created)
            let job = try created.decode(JobResponse.self).job
            #expect(job.ownerId == aliceID)
            let bobs = try await client.send(.post, "/api/jobs", headers: headers(bob), json: #"{"url":"https://example.com/b"}"#).decode(JobResponse.self).job

            func listed(_ token: String) async throws -> Set<JobID> {
                Set(try await client.send(.get, "/api/jobs", headers: headers(token)).decode(JobListResponse.self).jobs.map(\.id))
            }
            #expect(try await listed(alice) == [job.id, nobodys.id])
            #expect(try await listed(bob) == [bobs.id, nobodys.id])
            #expect(try await listed(admin) == [job.id, bobs.id, nobodys.id])
            #expect(try await listed(viewer) == [job.id, bobs.id, nobodys.id])
            // The list cache keeps each user's own answer.
            #expect(try await listed(alice) == [job.id, nobodys.id])

            for (method, path) in [
                (HTTPRequest.Method.get, ""), (.get, "/logs"), (.get, "/file"), (.get, "/file-link"), (.post, "/pause"),
                (.post, "/cancel"), (.post, "/retry"), (.post, "/start"), (.post, "/resume"), (.delete, ""),
            ] {
                let response = try await client.send(method, "/api/jobs/\(job.id)\(path)", headers: headers(bob))
                #expect(response.status == .notFound, "bob: \(method) \(path)")
                #expect(response.errorCode == "not_found")
            }
            #expect(try await client.send(.post, "/api/jobs/\(job.id)/move", headers: headers(bob), json: #"{"to":"top"}"#).status == .notFound)
            #expect(try await client.send(.get, "/api/jobs/\(job.id)", headers: headers(viewer)).status == .ok)
            #expect(try await client.send(.get, "/api/jobs/\(nobodys.id)", headers: headers(bob)).status == .ok, "no one's job is everyone's")
            #expect(try await client.send(.post, "/api/jobs/\(job.id)/pause", headers: headers(alice)).status == .ok)
            #expect(try await client.send(.post, "/api/jobs/\(job.id)/resume", headers: headers(admin)).status == .ok)

            let queue = try await client.send(.get, "/api/queue", headers: headers(bob)).decode(QueueOverviewResponse.self)
            #expect(queue.counts["QUEUED"] == 2, "bob counts his job and no one's")
            let all = try await client.send(.get, "/api/queue", headers: headers(admin)).decode(QueueOverviewResponse.self)
            #expect(all.counts["QUEUED"] == 3)

            #expect(try await client.send(.delete, "/api/jobs/\(job.id)", headers: headers(admin)).status == .noContent)
            #expect(try await api.jobs.job(bobs.id) != nil)
        }
    }

    @Test("batches and /api/v1/jobs: another user's batch is a 404 and missing from the list; admins see it")
    func batches() async throws {
        let api = try FullTestAPI()
        let alice = try await api.token("alice", role: .user)
        let bob = try await api.token("bob", role: .user)
        let admin = try await api.token("root", role: .admin)
        try await api.test { client in
            func headers(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
            let batch = try await client.send(.post, "/api/batches", headers: headers(alice), json: #"{"urls":["https://example.com/e/1","https://example.com/e/2"]}"#)
            #expect(batch.status == .created)
            let id = try #require(try batch.object()["batch"] as? [String: Any])["id"] as! String
            let v1 = try await client.send(.post, "/api/v1/jobs", headers: headers(alice), json: #"{"urls":["https://example.com/e/3"]}"#)
            #expect(v1.status == .created)
            let v1ID = try #require(try v1.object()["job_id"] as? String)

            func total(_ token: String) async throws -> Int? {
                try await client.send(.get, "/api/batches", headers: headers(token)).object()["total"] as? Int
            }
            #expect(try await total(alice) == 2)
            #expect(try await total(bob) == 0)
            #expect(try await total(admin) == 2)
            for (method, path) in [(HTTPRequest.Method.get, ""), (.post, "/cancel"), (.post, "/retry"), (.delete, "")] {
                #expect(try await client.send(method, "/api/batches/\(id)\(path)", headers: headers(bob)).status == .notFound, "\(method) \(path)")
            }
            #expect(try await client.send(.get, "/api/v1/jobs/\(v1ID)/status", headers: headers(bob)).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/jobs/\(v1ID)/cancel", headers: headers(bob)).status == .notFound)
            #expect(try await client.send(.get, "/api/batches/\(id)", headers: headers(admin)).status == .ok)
            #expect(try await client.send(.get, "/api/v1/jobs/\(v1ID)/status", headers: headers(alice)).status == .ok)
            let owners = try await api.jobs.list(JobQuery()).jobs.map(\.ownerID)
            #expect(owners == Array(repeating: try await api.userID("alice"), count: 3))
        }
    }

    @Test("a batch holding several users' jobs: a user's cancel, retry and delete touch only their own jobs and no one's; the batch stays for the others")
    func batchControlTouchesOwnJobs() async throws {
        let api = try FullTestAPI()
        let alice = try await api.token("alice", role: .user)
        let bob = try await api.token("bob", role: .user)
        let admin = try await api.token("root", role: .admin)
        let alices = try await api.addJob(owner: try await api.userID("alice"))
        let nobodys = try await api.addJob(owner: nil)
        let bobs = try await api.addJob(owner: try await api.userID("bob"))
        let batch = Batch(name: "mixed", jobIDs: [alices.id, nobodys.id, bobs.id])
        try await SQLiteBatchStore(database: api.database).insertBatch(batch)
        let jobs = api.jobs
        try await api.test { client in
            func headers(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
            func state(_ job: Job) async throws -> JobState? { try await jobs.job(job.id)?.state }
            #expect(try await client.send(.post, "/api/batches/\(batch.id)/cancel", headers: headers(alice)).status == .ok)
            #expect(try await state(alices) == .canceled)
            #expect(try await state(nobodys) == .canceled, "no one's job is everyone's")
            #expect(try await state(bobs) == .queued, "alice's cancel leaves bob's job")

            try await api.service.apply(.cancel, to: bobs.id)
            #expect(try await client.send(.post, "/api/batches/\(batch.id)/retry", headers: headers(alice)).status == .ok)
            #expect(try await state(alices) == .queued)
            #expect(try await state(nobodys) == .queued)
            #expect(try await state(bobs) == .canceled, "alice's retry leaves bob's job")

            #expect(try await client.send(.delete, "/api/batches/\(batch.id)", headers: headers(alice)).status == .noContent)
            #expect(try await jobs.job(alices.id) == nil)
            #expect(try await jobs.job(nobodys.id) == nil)
            #expect(try await state(bobs) == .canceled, "alice's delete leaves bob's job")
            #expect(try await client.send(.get, "/api/batches/\(batch.id)", headers: headers(alice)).status == .notFound, "nothing of it is alice's now")
            #expect(try await client.send(.get, "/api/batches/\(batch.id)", headers: headers(bob)).status == .ok, "the batch stays for bob")

            #expect(try await client.send(.delete, "/api/batches/\(batch.id)", headers: headers(bob)).status == .noContent)
            #expect(try await jobs.job(bobs.id) == nil)
            #expect(try await client.send(.get, "/api/batches/\(batch.id)", headers: headers(admin)).status == .notFound, "the last jobs took the batch with them")
        }
    }

    @Test("Transmission RPC: torrent-get lists the caller's jobs; another user's job cannot be stopped or removed; admins see all")
    func transmission() async throws {
        let api = try FullTestAPI()
        _ = try await api.token("alice", role: .user)
        _ = try await api.token("bob", role: .user)
        _ = try await api.token("root", role: .admin)
        let alices = try await api.addJob(owner: try await api.userID("alice"))
        let bobs = try await api.addJob(owner: try await api.userID("bob"))
        try await api.test { client in
            func rpc(_ user: String) -> TransmissionTestClient {
                TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic(user, "password-\(user)"))
            }
            let seen = try await rpc("bob").torrents(["id"]).compactMap { $0["id"]?.intValue }
            #expect(seen == [Int(try #require(bobs.number))])
            let admin = try await rpc("root").torrents(["id"]).compactMap { $0["id"]?.intValue }
            #expect(admin.count == 2)
            let number = try #require(alices.number)
            #expect(try await rpc("bob").call("torrent-stop", #"{"ids":[\#(number)]}"#)["result"] == .string("success"))
            #expect(try await rpc("bob").call("torrent-remove", #"{"ids":["\#(alices.id.torrentHash)"]}"#)["result"] == .string("success"))
            #expect(try await api.jobs.job(alices.id)?.state == .queued, "bob's calls selected nothing")
            let stats = try await rpc("bob").call("session-stats")
            #expect(stats["arguments"]?["torrentCount"]?.intValue == 1)
            let added = try await rpc("bob").call("torrent-add", #"{"filename":"https://example.com/t"}"#)
            let addedID = try #require(added["arguments"]?["torrent-added"]?["hashString"]?.stringValue)
            let owners = try await api.jobs.list(JobQuery()).jobs.filter { $0.id.torrentHash == addedID }.map(\.ownerID)
            #expect(owners == [try await api.userID("bob")])
        }
    }

    @Test("server-sent events: a user's stream replays and follows only their own jobs")
    func serverSentEvents() async throws {
        let api = try FullTestAPI()
        let bob = try await api.token("bob", role: .user)
        _ = try await api.token("alice", role: .user)
        let alices = try await api.addJob(owner: try await api.userID("alice"))
        let bobs = try await api.addJob(owner: try await api.userID("bob"))
        let hub = api.hub
        let service = api.service
        try await api.test { client in
            async let response = client.execute(
                uri: "/api/events", method: .get, headers: [.authorization: "Bearer \(bob)", HTTPField.Name("Last-Event-ID")!: "0"]
            )
            while hub.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            try await service.apply(.pause, to: alices.id)
            try await service.apply(.pause, to: bobs.id)
            hub.finishAll()
            let messages = EventStreamTests.parse(String(buffer: try await response.body))
            let jobs = try messages.compactMap { message -> String? in
                let data = try #require(message.data)
                return try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])["jobId"] as? String
            }
            #expect(messages.contains { $0.event == "state_change" }, "bob's pause is streamed")
            #expect(!jobs.isEmpty && jobs.allSatisfy { $0 == bobs.id.rawValue }, "\(jobs)")
        }
    }

    @Test("Socket.IO: a user's subscription replays and follows only their own jobs")
    func socketIOEvents() async throws {
        let api = try FullTestAPI()
        let bob = try await api.token("bob", role: .user)
        _ = try await api.token("alice", role: .user)
        let alices = try await api.addJob(owner: try await api.userID("alice"))
        let bobs = try await api.addJob(owner: try await api.userID("bob"))
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: SocketIOTests.path) { ws in
                try await SocketIOTests.connected(ws, token: bob)
                try await ws.send(#"420["subscribe",{"jobIds":"all","lastEventId":0}]"#)
                #expect(try await SocketIOTests.next(ws).hasPrefix("430["))
                for _ in 0..<2 {
                    let replayed = try SocketIOTests.event(try await SocketIOTests.next(ws))
                    #expect(replayed.envelope["jobId"] as? String == bobs.id.rawValue, "replay holds bob's job only")
                }
                try await api.service.apply(.pause, to: alices.id)
                try await api.service.apply(.pause, to: bobs.id)
                let live = try SocketIOTests.event(try await SocketIOTests.next(ws))
                #expect(live.name == "state_change" && live.envelope["jobId"] as? String == bobs.id.rawValue, "alice's pause never reaches bob")
            }
        }
    }

    @Test("live events over the WebSocket: a user hears only their own jobs (replay and live); an admin hears all")
    func webSocketEvents() async throws {
        let api = try FullTestAPI()
        let bob = try await api.token("bob", role: .user)
        let admin = try await api.token("root", role: .admin)
        _ = try await api.token("alice", role: .user)
        let alices = try await api.addJob(owner: try await api.userID("alice"))
        let bobs = try await api.addJob(owner: try await api.userID("bob"))
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: "/api/ws?token=\(bob)") { ws in
                try await ws.send(#"{"type":"subscribe","jobIds":"all","lastEventId":0}"#)
                #expect(try await ws.receiveJSON()["type"] as? String == "subscribed")
                for _ in 0..<2 {
                    #expect(try await ws.receiveJSON()["jobId"] as? String == bobs.id.rawValue, "replay holds bob's job only")
                }
                try await api.service.apply(.pause, to: alices.id)
                try await api.service.apply(.pause, to: bobs.id)
                let live = try await ws.receiveJSON()
                #expect(live["jobId"] as? String == bobs.id.rawValue, "alice's state change never reaches bob")
                #expect(live["type"] as? String == "state_change")
                // A subscription naming alice's job by id hears nothing of it either.
                try await ws.send(#"{"type":"subscribe","jobIds":["\#(alices.id)"]}"#)
                var reply = try await ws.receiveJSON()
                while reply["type"] as? String != "subscribed" { reply = try await ws.receiveJSON() }
                try await api.service.apply(.resume, to: alices.id)
                try await ws.send(#"{"type":"ping"}"#)
                #expect(try await ws.receiveJSON()["type"] as? String == "pong")
            }
            try await WebSocketTestClient.withConnection(port: port, path: "/api/ws?token=\(admin)") { ws in
                try await ws.send(#"{"type":"subscribe","jobIds":"all","lastEventId":0}"#)
                #expect(try await ws.receiveJSON()["type"] as? String == "subscribed")
                var jobs: Set<String> = []
                for _ in 0..<4 { jobs.insert(try #require(try await ws.receiveJSON()["jobId"] as? String)) }
                #expect(jobs == [alices.id.rawValue, bobs.id.rawValue])
            }
        }
    }
}
