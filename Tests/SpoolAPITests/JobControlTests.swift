import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import SpoolQueue
import SpoolWorker
import Testing

@Suite("Job control, detail, logs and deletion")
struct JobControlTests {
    @Test("pause, resume, start, cancel and retry move a job through its lifecycle")
    func transitions() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let job = try await api.addJob()
        try await api.test { client in
            func act(_ action: String) async throws -> JobDTO {
                let response = try await client.send(.post, "/api/jobs/\(job.id)/\(action)", headers: bearer)
                #expect(response.status == .ok, "\(action): \(response.text)")
                return try response.decode(JobResponse.self).job
            }
            let paused = try await act("pause")
            #expect(paused.status == .paused && paused.pausedFrom == .queued && paused.stage == .download)
            #expect(await api.driver.entries(in: .download).isEmpty)

            let resumed = try await act("resume")
            #expect(resumed.status == .queued && resumed.pausedFrom == nil)
            #expect(await api.driver.entries(in: .download).map(\.jobID) == [job.id])

            let started = try await act("start")
            #expect(started.status == .queued)
            #expect(await api.driver.entries(in: .download).first?.forced == true)

            let canceled = try await act("cancel")
            #expect(canceled.status == .canceled && canceled.finishedAt != nil)
            #expect(await api.driver.entries(in: .download).isEmpty)

            let again = try await client.send(.post, "/api/jobs/\(job.id)/cancel", headers: bearer)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "illegal_transition")
            #expect(try await client.send(.post, "/api/jobs/\(job.id)/resume", headers: bearer).errorCode == "illegal_transition")

            let retried = try await act("retry")
            #expect(retried.status == .queued && retried.finishedAt == nil)
            #expect(await api.driver.entries(in: .download).map(\.jobID) == [job.id])
            #expect(try await client.send(.post, "/api/jobs/\(job.id)/retry", headers: bearer).status == .conflict)
        }
    }

    @Test("move reorders the download queue; bad directions are 400, finished jobs 409")
    func move() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let first = try await api.addJob()
        let second = try await api.addJob()
        let third = try await api.addJob()
        try await api.test { client in
            let moved = try await client.send(.post, "/api/jobs/\(third.id)/move", headers: bearer, json: #"{"to":"top"}"#)
            #expect(moved.status == .ok)
            #expect(try moved.decode(JobResponse.self).job.queuePosition < first.queuePosition)
            #expect(await api.driver.entries(in: .download).map(\.jobID) == [third.id, first.id, second.id])
            let page = try await client.send(.get, "/api/jobs", headers: bearer).decode(JobListResponse.self)
            #expect(page.jobs.map(\.id) == [third.id, first.id, second.id])

            let sideways = try await client.send(.post, "/api/jobs/\(first.id)/move", headers: bearer, json: #"{"to":"left"}"#)
            #expect(sideways.errorCode == "invalid_input")
            let extra = try await client.send(.post, "/api/jobs/\(first.id)/move", headers: bearer, json: #"{"to":"up","by":2}"#)
            #expect(extra.errorCode == "unknown_field")

            try await api.service.apply(.cancel, to: second.id)
            let finished = try await client.send(.post, "/api/jobs/\(second.id)/move", headers: bearer, json: #"{"to":"up"}"#)
            #expect(finished.status == .conflict)
        }
    }

    @Test("unknown and malformed ids are 404 not_found", arguments: ["00000000-0000-4000-8000-000000000000", "nope", "..%2F..%2Fetc"])
    func unknownJob(id: String) async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            for (method, path) in [(HTTPRequest.Method.get, ""), (.post, "/pause"), (.delete, ""), (.get, "/logs")] {
                let response = try await client.send(method, "/api/jobs/\(id)\(path)", headers: bearer)
                #expect(response.status == .notFound, "\(method) \(path)")
                #expect(response.errorCode == "not_found")
            }
        }
    }

    @Test("DELETE answers 204, then the job is gone (404) and out of the queue")
    func delete() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let job = try await api.addJob()
        try await api.test { client in
            #expect(try await client.send(.delete, "/api/jobs/\(job.id)?deleteFiles=maybe", headers: bearer).status == .badRequest)
            let deleted = try await client.send(.delete, "/api/jobs/\(job.id)?deleteFiles=false", headers: bearer)
            #expect(deleted.status == .noContent)
            #expect(deleted.body.readableBytes == 0)
            #expect(try await client.send(.get, "/api/jobs/\(job.id)", headers: bearer).status == .notFound)
            #expect(try await client.send(.delete, "/api/jobs/\(job.id)", headers: bearer).status == .notFound)
        }
        #expect(await api.driver.entries(in: .download).isEmpty)
    }

    @Test("the detail view has the job, media or null, and durable events oldest first")
    func detail() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let job = try await api.addJob()
        try await api.test { client in
            let bare = try await client.send(.get, "/api/jobs/\(job.id)", headers: bearer)
            #expect(try bare.object()["media"] is NSNull)
            let detail = try bare.decode(JobDetailResponse.self)
            #expect(detail.job.id == job.id)
            #expect(detail.events.map(\.type) == [.jobAdded, .log])
            #expect(detail.events.map(\.id) == detail.events.map(\.id).sorted())

            var media = Media(jobID: job.id)
            media.title = "A clip"
            media.width = 1920
            media.height = 1080
            media.sourceID = "abc"
            await api.store.saveMedia(media)
            let withMedia = try await client.send(.get, "/api/jobs/\(job.id)", headers: bearer)
            let object = try #require(try withMedia.object()["media"] as? [String: Any])
            #expect(object["resolution"] as? String == "1920x1080")
            #expect(object["sourceId"] as? String == "abc")
            #expect(object["uploader"] is NSNull)
            #expect(object.count == 16)
        }
    }

    @Test("the detail view keeps only the latest 200 events")
    func detailEventLimit() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let job = try await api.addJob()
        try await api.service.record((1...250).map { JobEvent.log(job.id, .info, "line \($0)") })
        try await api.test { client in
            let detail = try await client.send(.get, "/api/jobs/\(job.id)", headers: bearer).decode(JobDetailResponse.self)
            #expect(detail.events.count == 200)
            #expect(detail.events.last?.payload["message"]?.stringValue == "line 250")
            #expect(detail.events.first?.payload["message"]?.stringValue == "line 51")
        }
    }

    @Test("logs page through a job's events with level and type filters")
    func logs() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let job = try await api.addJob()
        try await api.service.record([
            .log(job.id, .debug, "probing"),
            .log(job.id, .warning, "slow server"),
            .error(job.id, code: "download_failed", message: "HTTP 500"),
            .log(job.id, .error, "giving up"),
        ])
        try await api.test { client in
            let all = try await client.send(.get, "/api/jobs/\(job.id)/logs", headers: bearer).decode(EventListResponse.self)
            #expect(all.total == 6 && all.limit == 100 && all.offset == 0)

            let page = try await client.send(.get, "/api/jobs/\(job.id)/logs?limit=2&offset=1", headers: bearer).decode(EventListResponse.self)
            #expect(page.total == 6 && page.events.count == 2)
            #expect(page.events.map(\.id) == Array(all.events.map(\.id)[1...2]))

            let warnings = try await client.send(.get, "/api/jobs/\(job.id)/logs?type=log&level=warning", headers: bearer).decode(EventListResponse.self)
            #expect(warnings.events.compactMap { $0.payload["message"]?.stringValue } == ["slow server", "giving up"])

            let errors = try await client.send(.get, "/api/jobs/\(job.id)/logs?type=error", headers: bearer).decode(EventListResponse.self)
            #expect(errors.events.map(\.type) == [.error])

            #expect(try await client.send(.get, "/api/jobs/\(job.id)/logs?level=loud", headers: bearer).errorCode == "invalid_input")
            #expect(try await client.send(.get, "/api/jobs/\(job.id)/logs?type=gossip", headers: bearer).errorCode == "invalid_input")
        }
    }
}
