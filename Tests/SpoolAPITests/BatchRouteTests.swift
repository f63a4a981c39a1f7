import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolAPIModels
import SpoolCore
import SpoolQueue
import SpoolTesting
import Testing

@Suite("/api/batches and seed 003's /api/v1/jobs")
struct BatchRouteTests {
    @Test("the in-memory batch store passes the store conformance suite", arguments: BatchStoreConformance.checks)
    func memoryStore(_ check: ConformanceCheck<BatchStoreConformance.Factory>) async throws {
        try await check.run { MemoryBatchStore() }
    }

    @Test("a batch adds one queued job per URL in episode order, each knowing its batch")
    func create() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/batches", headers: bearer, json: """
                {"name":"Season 1","urls":["https://example.com/e/1","https://example.com/e/2","https://example.com/e/3"],
                 "options":{"formatPreset":"720p","tags":["series"],"priority":"high"}}
                """)
            #expect(response.status == .created)
            let batch = try response.decode(BatchResponse.self).batch
            #expect(response.headers[.location] == "/api/batches/\(batch.id)")
            #expect(batch.name == "Season 1" && batch.state == .pending && batch.total == 3 && batch.percent == 0)
            #expect(batch.items.map(\.episode) == [1, 2, 3])
            #expect(batch.items.map(\.url) == ["https://example.com/e/1", "https://example.com/e/2", "https://example.com/e/3"])
            #expect(batch.items.allSatisfy { $0.status == .queued })

            var positions: [Int64] = []
            for item in batch.items {
                let job = try await client.send(.get, "/api/jobs/\(item.jobId)", headers: bearer).decode(JobDetailResponse.self).job
                #expect(job.batch == BatchMembership(id: batch.id, name: "Season 1", episode: item.episode))
                #expect(job.formatPreset == "720p" && job.tags == ["series"] && job.priority == .high)
                positions.append(job.queuePosition)
            }
            #expect(positions == positions.sorted() && Set(positions).count == 3, "episodes are queued in order")
            let queued = await api.driver.entries(in: .download).map(\.jobID)
            #expect(Set(queued) == Set(batch.items.map(\.jobId)))

            let list = try await client.send(.get, "/api/batches", headers: bearer).decode(BatchListResponse.self)
            #expect(list.total == 1 && list.batches.map(\.id) == [batch.id])
        }
    }

    @Test("one invalid URL refuses the whole batch naming the item, and adds nothing")
    func invalidItem() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let bad = try await client.send(.post, "/api/batches", headers: bearer, json: #"{"urls":["https://example.com/a","ftp://example.com/b"]}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "invalid_url")
            #expect(bad.text.contains("urls[1]"))
            let empty = try await client.send(.post, "/api/batches", headers: bearer, json: #"{"urls":[]}"#)
            #expect(empty.status == .badRequest && empty.errorCode == "invalid_input")
            let withURL = try await client.send(.post, "/api/batches", headers: bearer, json: #"{"urls":["https://example.com/a"],"options":{"url":"https://x.example"}}"#)
            #expect(withURL.status == .badRequest && withURL.errorCode == "invalid_input")
            #expect(try await api.store.list(JobQuery()).total == 0)
            #expect(try await api.batches.batches(limit: 10, offset: 0).total == 0)
        }
    }

    @Test("the batch's state follows its jobs: partial recovery completes with the failures listed")
    func partialRecovery() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let created = try await client.send(.post, "/api/batches", headers: bearer, json: """
                {"urls":["https://example.com/e/1","https://example.com/e/2","https://example.com/e/3"]}
                """).decode(BatchResponse.self).batch
            let ids = created.items.map(\.jobId)
            try await set(api, ids[0]) { $0.state = .downloading; $0.progress.percent = 50; $0.startedAt = Date() }
            var batch = try await client.send(.get, "/api/batches/\(created.id)", headers: bearer).decode(BatchResponse.self).batch
            #expect(batch.state == .downloading)
            #expect(batch.percent > 0 && batch.percent < 100)

            try await set(api, ids[0]) { $0.state = .complete; $0.outputPath = "/media/library/one.mkv"; $0.finishedAt = Date() }
            try await set(api, ids[1]) { $0.state = .failed; $0.failure = JobFailure(code: "download_failed", message: "HTTP Error 404: Not Found", stage: .download); $0.finishedAt = Date() }
            try await set(api, ids[2]) { $0.state = .complete; $0.outputPath = "/media/library/three.mkv"; $0.finishedAt = Date() }
            batch = try await client.send(.get, "/api/batches/\(created.id)", headers: bearer).decode(BatchResponse.self).batch
            #expect(batch.state == .completed)
            #expect(batch.completed == 2 && batch.failed == 1 && batch.percent == 100)
            #expect(batch.errors == ["episode 2 (https://example.com/e/2): HTTP Error 404: Not Found (download_failed)"])
            #expect(batch.finishedAt != nil)

            let v1 = try await client.send(.get, "/api/v1/jobs/\(created.id)/status", headers: bearer)
            #expect(v1.status == .ok)
            let status = try v1.object()
            #expect(status["status"] as? String == "completed")
            #expect(status["partial"] as? Bool == true)
            #expect(status["output_files"] as? [String] == ["/media/library/one.mkv", "/media/library/three.mkv"])
            let items = try #require(status["items"] as? [[String: Any]])
            #expect(items.map { $0["status"] as? String } == ["completed", "failed", "completed"])
            #expect(items[1]["error"] as? String == "HTTP Error 404: Not Found")
        }
    }

    @Test("cancel stops the items that have not ended and keeps the finished ones; retry queues the canceled again")
    func cancelAndRetry() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let created = try await client.send(.post, "/api/batches", headers: bearer, json: """
                {"urls":["https://example.com/e/1","https://example.com/e/2"]}
                """).decode(BatchResponse.self).batch
            try await set(api, created.items[0].jobId) { $0.state = .complete; $0.finishedAt = Date() }
            let canceled = try await client.send(.post, "/api/batches/\(created.id)/cancel", headers: bearer)
            #expect(canceled.status == .ok)
            let batch = try canceled.decode(BatchResponse.self).batch
            #expect(batch.items.map(\.status) == [.complete, .canceled])
            #expect(batch.state == .completed)

            let retried = try await client.send(.post, "/api/batches/\(created.id)/retry", headers: bearer).decode(BatchResponse.self).batch
            #expect(retried.items.map(\.status) == [.complete, .queued])
            #expect(retried.state == .downloading)

            let missing = try await client.send(.post, "/api/batches/\(UUID().uuidString.lowercased())/cancel", headers: bearer)
            #expect(missing.status == .notFound && missing.errorCode == "not_found")
        }
    }

    @Test("deleting a batch deletes its jobs")
    func delete() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let created = try await client.send(.post, "/api/batches", headers: bearer, json: #"{"urls":["https://example.com/e/1","https://example.com/e/2"]}"#)
                .decode(BatchResponse.self).batch
            #expect(try await client.send(.delete, "/api/batches/\(created.id)", headers: bearer).status == .noContent)
            #expect(try await api.store.list(JobQuery()).total == 0)
            #expect(try await client.send(.get, "/api/batches/\(created.id)", headers: bearer).status == .notFound)
        }
    }

    @Test("viewers read batches but cannot add or cancel them")
    func viewers() async throws {
        let api = TestAPI()
        let user = try await api.bearer()
        let viewer = try await api.bearer("victor", role: .viewer)
        try await api.test { client in
            let created = try await client.send(.post, "/api/batches", headers: user, json: #"{"urls":["https://example.com/e/1"]}"#)
                .decode(BatchResponse.self).batch
            #expect(try await client.send(.get, "/api/batches/\(created.id)", headers: viewer).status == .ok)
            #expect(try await client.send(.post, "/api/batches", headers: viewer, json: #"{"urls":["https://example.com/e/2"]}"#).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/jobs/\(created.id)/cancel", headers: viewer).status == .forbidden)
            #expect(try await client.send(.get, "/api/batches").status == .unauthorized)
        }
    }

    @Test("POST /api/v1/jobs maps ProcessingConfig onto the jobs and keeps episode numbers in order")
    func v1Create() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/v1/jobs", headers: bearer, json: """
                {"urls":[{"url":"https://example.com/e/3","episode_number":3},{"url":"https://example.com/e/1","episode_number":1},
                         {"url":"https://example.com/e/2","episode_number":2}],
                 "config":{"quality":"720p","compression_preset":"fast","compression_level":28,"use_gpu":false,
                           "priority":8,"tags":["show"],"notification_webhook":"http://127.0.0.1:9/hook"}}
                """)
            #expect(response.status == .created, "\(response.text)")
            let status = try response.object()
            let id = try #require(status["job_id"] as? String)
            #expect(response.headers[.location] == "/api/v1/jobs/\(id)/status")
            #expect(status["status"] as? String == "pending")
            let progress = try #require(status["progress"] as? [String: Any])
            #expect(progress["total"] as? Int == 3 && progress["pending"] as? Int == 3)
            let items = try #require(status["items"] as? [[String: Any]])
            #expect(items.map { $0["url"] as? String } == ["https://example.com/e/1", "https://example.com/e/2", "https://example.com/e/3"])
            #expect(items.map { $0["episode_number"] as? Int } == [1, 2, 3])

            let jobID = try #require(items[0]["spool_job_id"] as? String)
            let job = try await client.send(.get, "/api/jobs/\(jobID)", headers: bearer).decode(JobDetailResponse.self).job
            #expect(job.priority == .high && job.tags == ["show"] && job.formatPreset == "720p")
            #expect(job.process == "api-v1-720p")
            let stored = try #require(try await api.store.job(JobID(jobID)))
            #expect(stored.options.processing?.preset == .fast && stored.options.processing?.level == 28 && stored.options.processing?.quality == .p720)
            let batch = try #require(try await api.batches.batch(BatchID(id)))
            #expect(batch.notificationWebhook == "http://127.0.0.1:9/hook")

            let canceled = try await client.send(.post, "/api/v1/jobs/\(id)/cancel", headers: bearer)
            #expect(canceled.status == .ok)
            #expect(try canceled.object()["status"] as? String == "cancelled")
        }
    }

    @Test("quality alone downloads at that height without a transcode")
    func v1QualityOnly() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let status = try await client.send(.post, "/api/v1/jobs", headers: bearer, json: #"{"urls":["https://example.com/a"],"config":{"quality":"480p"}}"#).object()
            let items = try #require(status["items"] as? [[String: Any]])
            let jobID = try #require(items[0]["spool_job_id"] as? String)
            let stored = try #require(try await api.store.job(JobID(jobID)))
            #expect(stored.options.formatPreset == "480p" && stored.options.processing == nil && stored.options.priority == .normal)
        }
    }

    @Test("bad v1 input gets a clear 400 with a stable code")
    func v1BadInput() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let cases: [(String, String, String)] = [
                (#"{"urls":["https://example.com/a"],"config":{"quality":"999p"}}"#, "invalid_input", "config.quality"),
                (#"{"urls":["https://example.com/a"],"config":{"colour":"red"}}"#, "unknown_field", "config.colour"),
                (#"{"urls":["https://example.com/a"],"config":{"priority":11}}"#, "invalid_input", "config.priority"),
                (#"{"urls":[{"url":"https://example.com/a","episode_number":1},"javascript:alert(1)"],"config":{}}"#, "invalid_url", "urls[1]"),
                (#"{"urls":[{"url":"https://example.com/a","episode_number":2},{"url":"https://example.com/b","episode_number":2}]}"#, "invalid_input", "episode_number 2"),
                (#"{"urls":["https://example.com/a"],"config":{"compression_level":99}}"#, "invalid_input", "level"),
                (#"{"urls":"https://example.com/a"}"#, "invalid_input", "urls"),
            ]
            for (body, code, fragment) in cases {
                let response = try await client.send(.post, "/api/v1/jobs", headers: bearer, json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorCode == code, "\(body): \(response.text)")
                #expect(response.text.contains(fragment), "\(body): \(response.text)")
            }
            #expect(try await api.store.list(JobQuery()).total == 0)
        }
    }

    @Test("/api/health answers like /healthz; /api/metrics is /metrics behind the same auth")
    func seedSystemRoutes() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let health = try await client.send(.get, "/api/health")
            #expect(health.status == .ok)
            #expect(try health.object()["status"] as? String == "ok")
            #expect(try await client.send(.get, "/api/metrics").status == .unauthorized)
            let metrics = try await client.send(.get, "/api/metrics", headers: bearer)
            #expect(metrics.status == .ok && metrics.text.contains("# TYPE"))
        }
    }

    /// Changes a stored job as a worker would have.
    private func set(_ api: TestAPI, _ id: JobID, _ change: @escaping @Sendable (inout Job) -> Void) async throws {
        _ = try await api.store.modify(id) { job in
            change(&job)
            return []
        }
    }
}
