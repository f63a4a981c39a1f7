import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import SpoolQueue
import SpoolWorker
import Testing

@Suite("POST /api/jobs")
struct JobCreationTests {
    @Test("creates a queued job: 201, Location, the full job shape, enqueued for download")
    func create() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: """
                {"url":"https://example.com/watch?v=1","priority":"high","tags":["music"],"outputContainer":"mp4",
                 "requestedDubbing":true,"targetLang":"ru","subtitleLanguages":["en"],"embedThumbnail":true}
                """)
            #expect(response.status == .created)
            let job = try response.decode(JobResponse.self).job
            #expect(response.headers[.location] == "/api/jobs/\(job.id)")
            #expect(job.status == .queued)
            #expect(job.stage == .download)
            #expect(job.priority == .high)
            #expect(job.outputContainer == .mp4)
            #expect(job.requestedDubbing && job.targetLang == "ru")
            #expect(job.tags == ["music"])
            #expect(job.formatPreset == "best")

            let object = try #require(try response.object()["job"] as? [String: Any])
            let expected: Set<String> = [
                "id", "number", "ownerId", "url", "status", "pausedFrom", "stage", "title", "progress", "attempts", "error", "outputPath",
                "queuePosition", "priority", "tags", "formatPreset", "outputContainer", "requestedDubbing", "targetLang",
                "dubbingProvider", "sourceLang", "hasDubbingSubtitles", "stages", "artifacts", "subtitleLanguages",
                "embedThumbnail", "outputTemplate", "process", "processingReport", "storage", "batch", "createdAt", "updatedAt", "startedAt", "finishedAt",
            ]
            #expect(Set(object.keys) == expected)
            #expect(object["error"] is NSNull)
            #expect(object["pausedFrom"] is NSNull)
            let progress = try #require(object["progress"] as? [String: Any])
            #expect(Set(progress.keys) == ["stage", "percent", "downloadedBytes", "totalBytes", "speed", "eta", "fps", "speedFactor"])
            #expect(object["process"] is NSNull && object["processingReport"] is NSNull)
            let createdAt = try #require(object["createdAt"] as? String)
            #expect(createdAt.hasSuffix("Z") && createdAt.contains("."))

            let entries = await api.driver.entries(in: .download)
            #expect(entries.map(\.jobID) == [job.id])
            #expect(entries.first?.priority == JobPriority.high.rank)
        }
    }

    @Test("unknown members are rejected with unknown_field naming the member")
    func unknownField() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/a","fromat":"best"}"#)
            #expect(response.status == .badRequest)
            let error = try response.decode(ErrorResponse.self).error
            #expect(error.code == "unknown_field")
            #expect(error.message.contains("fromat"))
        }
        #expect(await api.driver.entries(in: .download).isEmpty)
    }

    @Test("malformed, non-object and wrongly typed bodies are 400", arguments: [
        (#"{"url": "https://example.com/a""#, "malformed_json"),
        ("not json", "malformed_json"),
        ("", "malformed_json"),
        (#"["https://example.com/a"]"#, "malformed_json"),
        (#"{"url": 42}"#, "invalid_input"),
        (#"{"url":"https://example.com/a","tags":"music"}"#, "invalid_input"),
        (#"{"url":"https://example.com/a","priority":"urgent"}"#, "invalid_input"),
        (#"{"url":"https://example.com/a","outputContainer":"avi"}"#, "invalid_input"),
    ])
    func malformed(body: String, code: String) async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == code)
            #expect(!response.text.contains("DecodingError"))
        }
    }

    @Test("bodies over the limit are 413 payload_too_large")
    func tooLarge() async throws {
        let api = TestAPI { $0.maxBodyBytes = 1024 }
        let bearer = try await api.bearer()
        try await api.test { client in
            let huge = #"{"url":"https://example.com/a","tags":["\#(String(repeating: "x", count: 800_000))"]}"#
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: huge)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "payload_too_large")
        }
        #expect(await api.driver.entries(in: .download).isEmpty)
    }

    @Test("bad URLs are 400 invalid_url and nothing is stored or enqueued", arguments: [
        #"{"url":"ftp://example.com/a"}"#,
        #"{"url":"-o/etc/passwd"}"#,
        #"{"url":"--exec=rm"}"#,
        #"{"url":""}"#,
        #"{}"#,
        #"{"url":"https://"}"#,
        #"{"url":"https://example.com/a b"}"#,
        #"{"url":"https://example.com/\#(String(repeating: "a", count: 3000))"}"#,
    ])
    func invalidURL(body: String) async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_url")
        }
        #expect(await api.driver.entries(in: .download).isEmpty)
        #expect(await api.store.list(JobQuery()).total == 0)
    }

    @Test("output templates escaping the library are 400 invalid_template", arguments: [
        "../%(title)s.%(ext)s", "/etc/%(title)s.%(ext)s", "a/../../%(id)s.%(ext)s", "-x/%(id)s.%(ext)s",
    ])
    func invalidTemplate(template: String) async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/a","outputTemplate":"\#(template)"}"#)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_template")
        }
        #expect(await api.driver.entries(in: .download).isEmpty)
    }

    @Test("a nearly full media volume refuses new jobs with 507")
    func diskFloor() async throws {
        let api = TestAPI()
        api.runtime.availableBytes = 10 << 20
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/a"}"#)
            #expect(response.status.code == 507)
            #expect(response.errorCode == "insufficient_storage")
        }
        #expect(await api.driver.entries(in: .download).isEmpty)
    }

    @Test("job creation is rate limited per user")
    func creationRateLimit() async throws {
        let api = TestAPI { $0.jobCreationRateLimit = RateLimit(limit: 2, per: .seconds(60)) }
        let alice = try await api.bearer("alice")
        let bob = try await api.bearer("bob")
        try await api.test { client in
            for _ in 0..<2 {
                #expect(try await client.send(.post, "/api/jobs", headers: alice, json: #"{"url":"https://example.com/a"}"#).status == .created)
            }
            let limited = try await client.send(.post, "/api/jobs", headers: alice, json: #"{"url":"https://example.com/a"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await client.send(.post, "/api/jobs", headers: bob, json: #"{"url":"https://example.com/a"}"#).status == .created)
        }
    }

    @Test("defaults fill options the request leaves out")
    func defaults() async throws {
        let api = TestAPI { $0.jobDefaults = JobDefaults(formatPreset: "720p", outputContainer: .mp4, targetLang: "de") }
        let bearer = try await api.bearer()
        try await api.test { client in
            let plain = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/a"}"#).decode(JobResponse.self).job
            #expect(plain.formatPreset == "720p")
            #expect(plain.outputContainer == .mp4)
            #expect(plain.targetLang == nil)
            let dubbed = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/b","requestedDubbing":true}"#)
                .decode(JobResponse.self).job
            #expect(dubbed.targetLang == "de")
        }
    }
}
