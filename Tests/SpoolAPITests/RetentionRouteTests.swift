import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolAPIModels
import SpoolCore
import Testing

/// `GET/POST /api/retention`: the library's rules and every source's, as a dry run and for real.
@Suite("Retention routes")
struct RetentionRouteTests {
    static let feed = "http://127.0.0.1:9/feed.xml"

    /// A COMPLETE one-off job that finished `daysAgo`, stored as an object with a side file beside it.
    static func libraryJob(_ api: ArchiveTestAPI, _ name: String, daysAgo: Double, filesize: Int64?) async throws -> JobID {
        let job = try await api.service.create(JobOptions(url: "https://example.com/\(name)"))
        _ = try await api.jobs.modify(job.id) { job in
            job.state = .complete
            job.title = name
            job.finishedAt = Date().addingTimeInterval(-daysAgo * 86_400)
            job.outputPath = "s3://media/library/\(name).mkv"
            job.artifacts = [JobArtifact(kind: .sideFile, path: "s3://media/library/\(name).info.json", stage: .download)]
            return []
        }
        var media = Media(jobID: job.id)
        media.filesize = filesize
        media.path = "s3://media/library/\(name).mkv"
        try await api.jobs.saveMedia(media)
        return job.id
    }

    @Test("GET lists what would go (library and sources) and deletes nothing; POST deletes exactly that, through the storage port")
    func dryRunThenApply() async throws {
        let api = try ArchiveTestAPI(libraryRules: Retention(keepNewest: 1))
        let bearer = try await api.bearer("root", role: .admin)
        let newest = try await Self.libraryJob(api, "new", daysAgo: 1, filesize: 10)
        let older = try await Self.libraryJob(api, "old", daysAgo: 5, filesize: 2_000_000)
        let source = try await api.addSource(Self.feed, retention: Retention(keepNewest: 1))
        try await api.addItems(to: source, [.downloaded, .downloaded])
        try await api.test { client throws in
            let plan = try await client.send(.get, "/api/retention", headers: bearer).decode(RetentionReportResponse.self)
            #expect(!plan.applied)
            #expect(plan.library.sourceId == nil && plan.library.name == "library" && plan.library.retention.keepNewest == 1)
            #expect(plan.library.items.map(\.jobId) == [older.rawValue])
            let item = try #require(plan.library.items.first)
            #expect(item.paths == ["s3://media/library/old.mkv", "s3://media/library/old.info.json"])
            #expect(item.bytes == 2_000_000 && item.reason == "beyond the newest 1" && item.title == "old" && item.mediaId == nil)
            #expect(plan.sources.map(\.sourceId) == [source.id])
            #expect(plan.sources.first?.items.map(\.mediaId) == ["v1"])
            #expect(plan.bytes == 2_000_000)
            #expect(api.runtime.removedOutputs.isEmpty, "a dry run removes nothing")
            #expect(try await api.jobs.job(older) != nil)

            let done = try await client.send(.post, "/api/retention", headers: bearer)
            #expect(done.status == .ok)
            let report = try done.decode(RetentionReportResponse.self)
            #expect(report.applied)
            #expect(report.items.map(\.jobId) == plan.items.map(\.jobId))
            #expect(report.items.flatMap(\.paths) == plan.items.flatMap(\.paths))
            #expect(api.runtime.removedOutputs == ["s3://media/library/old.mkv", "s3://media/library/old.info.json"],
                    "object keys go to the storage port as they are (the source's jobs have no stored files here)")
            #expect(try await api.jobs.job(older) == nil)
            #expect(try await api.jobs.job(newest) != nil)
            #expect(try await api.sources.itemCounts(sourceID: source.id)[.deleted] == 1)
            let again = try await client.send(.get, "/api/retention", headers: bearer).decode(RetentionReportResponse.self)
            #expect(again.items.isEmpty)
        }
    }

    @Test("the routes need a token; viewers may run the dry run but not apply it")
    func auth() async throws {
        let api = try ArchiveTestAPI()
        let viewer = try await api.bearer("vera", role: .viewer)
        try await api.test { client throws in
            #expect(try await client.send(.get, "/api/retention").status == .unauthorized)
            #expect(try await client.send(.post, "/api/retention").status == .unauthorized)
            #expect(try await client.send(.get, "/api/retention", headers: viewer).status == .ok)
            #expect(try await client.send(.post, "/api/retention", headers: viewer).status == .forbidden)
        }
    }

    @Test("a source's retention takes maxTotalSizeMB; a bad value is refused naming the field")
    func sizeLimitField() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        let source = try await api.addSource(Self.feed)
        try await api.test { client throws in
            let patched = try await client.send(.patch, "/api/sources/\(source.id)", headers: bearer, json: #"{"retention":{"maxTotalSizeMB":500}}"#)
            #expect(patched.status == .ok)
            #expect(try patched.decode(SourceDTO.self).retention.maxTotalSizeMB == 500)
            let refused = try await client.send(.patch, "/api/sources/\(source.id)", headers: bearer, json: #"{"retention":{"maxTotalSizeMB":0}}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("retention.maxTotalSizeMB"))
            let cleared = try await client.send(.patch, "/api/sources/\(source.id)", headers: bearer, json: #"{"retention":{"maxTotalSizeMB":null}}"#)
            #expect(try cleared.decode(SourceDTO.self).retention.maxTotalSizeMB == nil)
        }
    }
}
