import Foundation
import SpoolAPIModels
@testable import SpoolApp
import SpoolCore
import Testing

@Suite("Client models and errors")
struct ClientModelTests {
    static let jobJSON = """
        {"id":"3f2a9c1e-5b7d-4c1e-9a2b-0123456789ab","url":"https://example.com/v","status":"DOWNLOADING",
         "pausedFrom":null,"stage":"download","title":"Big Buck Bunny",
         "progress":{"stage":"download","percent":45.2,"downloadedBytes":75600000,"totalBytes":167772160,"speed":5452595.2,"eta":17},
         "attempts":1,"error":null,"outputPath":null,"queuePosition":3,"priority":"high","tags":["music"],
         "formatPreset":"best","outputContainer":"mkv","requestedDubbing":false,"targetLang":null,"dubbingProvider":null,
         "subtitleLanguages":[],"embedThumbnail":false,"outputTemplate":null,
         "createdAt":"2026-11-22T10:43:00.123Z","updatedAt":"2026-11-22T10:43:07Z","startedAt":"2026-11-22T10:43:01.5Z","finishedAt":null}
        """

    @Test("decodes the contract's job JSON, dates with and without fractions")
    func decodeJob() throws {
        let job = try ClientJSON.makeDecoder().decode(JobDTO.self, from: Data(Self.jobJSON.utf8))
        #expect(job.status == .downloading)
        #expect(job.priority == .high)
        #expect(job.progress.downloadedBytes == 75_600_000)
        #expect(job.progress.stage == .download)
        #expect(job.tags == ["music"])
        #expect(job.updatedAt == ISO8601DateFormatter().date(from: "2026-11-22T10:43:07Z"))
        #expect(job.startedAt != nil && job.finishedAt == nil)
        #expect(job.createdAt.timeIntervalSince(job.updatedAt) < 0)
        let millis = job.createdAt.timeIntervalSince1970.truncatingRemainder(dividingBy: 1)
        #expect(abs(millis - 0.123) < 0.001)
    }

    @Test("a minimal job decodes with defaults")
    func decodeMinimal() throws {
        let job = try ClientJSON.makeDecoder().decode(JobDTO.self, from: Data(#"{"id":"a","status":"QUEUED"}"#.utf8))
        #expect(job.tags.isEmpty && job.priority == .normal && job.attempts == 0 && job.displayName == "")
    }

    @Test("API errors map to exit codes by status", arguments: [
        (400, "invalid_url", Int32(2)), (401, "unauthorized", 3), (403, "forbidden", 3), (404, "not_found", 4),
        (409, "illegal_transition", 1), (429, "rate_limited", 1), (500, "internal_error", 5), (507, "insufficient_storage", 5),
    ])
    func errorMapping(status: Int, code: String, exit: Int32) {
        let body = Data(#"{"error":{"code":"\#(code)","message":"nope"}}"#.utf8)
        let error = SpoolClient.apiError(status: status, body: body)
        #expect(error.exitCode == exit)
        #expect(error.code == code)
        #expect(error.status == status)
    }

    @Test("an error body that is not JSON still gives a message")
    func errorWithoutBody() {
        let error = SpoolClient.apiError(status: 502, body: Data("<html>".utf8))
        #expect(error.message == "server answered 502 Bad Gateway")
        #expect(error.kind == .server)
    }

    @Test("server addresses are normalised or rejected")
    func serverURL() throws {
        #expect(try SpoolClient.normalizedServerURL("nas:3000") == "http://nas:3000")
        #expect(try SpoolClient.normalizedServerURL("https://x.example/spool/") == "https://x.example/spool")
        #expect(throws: ClientError.self) { try SpoolClient.normalizedServerURL("ftp://x") }
        #expect(throws: ClientError.self) { try SpoolClient.normalizedServerURL("") }
    }

    @Test("query items are percent-encoded; lists stay comma separated")
    func queryString() {
        let query = JobListQuery(statuses: [.queued, .failed], search: "a b&c", limit: 50, sort: "created", order: "desc")
        #expect(SpoolClient.queryString(query.queryItems) == "?status=QUEUED,FAILED&search=a%20b%26c&limit=50&sort=created&order=desc")
    }

    @Test("new-job bodies leave out what the user did not set")
    func newJobBody() throws {
        var request = CreateJobRequest(url: "https://example.com/v")
        request.tags = ["x"]
        let json = try #require(String(data: try ClientJSON.makeEncoder().encode(request), encoding: .utf8))
        #expect(json == #"{"tags":["x"],"url":"https://example.com/v"}"#)
    }
}
