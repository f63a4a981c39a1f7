import Foundation
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("Source item routes")
struct SourceItemRouteTests {
    static let feed = "http://127.0.0.1:8080/shows/news.xml"

    @Test("GET /api/sources/{id}/media pages through items by phase and counts every phase")
    func media() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let source = try await api.addSource(Self.feed)
        try await api.addItems(to: source, [.downloaded, .seen, .filtered, .seen, .failed, .queued])
        try await api.test { client throws in
            let all = try await client.send(.get, "/api/sources/\(source.id)/media", headers: bearer).decode(SourceItemListResponse.self)
            #expect(all.items.map(\.mediaId) == ["v0", "v1", "v2", "v3", "v4", "v5"])
            #expect(all.counts["downloaded"] == 1 && all.counts["seen"] == 2 && all.counts["failed"] == 1 && all.counts["deleted"] == 0)
            #expect(all.counts.count == SourceItemPhase.allCases.count)
            let seen = try await client.send(.get, "/api/sources/\(source.id)/media?phase=seen,filtered&limit=2", headers: bearer)
                .decode(SourceItemListResponse.self)
            #expect(seen.items.map(\.mediaId) == ["v1", "v2"] && seen.items.map(\.phase) == [.seen, .filtered])
            #expect(seen.items[1].reason == "shorter than 90 s (60 s)" && seen.counts == all.counts)
            let failed = try await client.send(.get, "/api/sources/\(source.id)/media?phase=failed", headers: bearer).decode(SourceItemListResponse.self)
            #expect(failed.items.count == 1 && failed.items[0].jobState == .failed && failed.items[0].jobId != nil)
            #expect(try await client.send(.get, "/api/sources/\(source.id)/media?phase=lost", headers: bearer).status == .badRequest)
            #expect(try await client.send(.get, "/api/sources/\(source.id)/media?limit=0", headers: bearer).status == .badRequest)
            #expect(try await client.send(.get, "/api/sources/77/media", headers: bearer).status == .notFound)
        }
    }

    @Test("PATCH /api/sources/{id}/media/{mediaId} keeps an item, its id percent-decoded; unknown items are 404")
    func keep() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let source = try await api.addSource(Self.feed)
        try await api.addItems(to: source, [.downloaded])
        let guid = ListedEntry(mediaID: "https://a.example/ep/1?x=%41", extractor: "generic", url: "https://a.example/ep/1.mp4")
        _ = try await api.sources.addItems([SourceItem(sourceID: source.id, entry: guid, status: .seen, position: 1, listedAt: Date())],
                                           status: source.status, to: source.id)
        try await api.test { client throws in
            let kept = try await client.send(.patch, "/api/sources/\(source.id)/media/v0", headers: bearer, json: #"{"keep":true}"#)
            #expect(kept.status == .ok)
            #expect(try kept.decode(SourceItemDTO.self).keep)
            let encoded = try await client.send(.patch, "/api/sources/\(source.id)/media/https%3A%2F%2Fa.example%2Fep%2F1%3Fx%3D%2541",
                                                headers: bearer, json: #"{"keep":true}"#)
            #expect(encoded.status == .ok, "\(encoded.text)")
            #expect(try encoded.decode(SourceItemDTO.self).mediaId == "https://a.example/ep/1?x=%41")
            let missing = try await client.send(.patch, "/api/sources/\(source.id)/media/nope", headers: bearer, json: #"{"keep":true}"#)
            #expect(missing.status == .notFound)
            let bad = try await client.send(.patch, "/api/sources/\(source.id)/media/v0", headers: bearer, json: #"{"keep":"yes"}"#)
            #expect(bad.status == .badRequest)
        }
        #expect(try await api.sources.items(sourceID: source.id, query: .init()).first?.keep == true)
    }

    @Test("POST …/retry queues a seen item, restarts a failed one and is 409 when there is nothing to retry")
    func retry() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let source = try await api.addSource(Self.feed)
        try await api.addItems(to: source, [.downloaded, .seen, .failed])
        try await api.test { client throws in
            let done = try await client.send(.post, "/api/sources/\(source.id)/media/v0/retry", headers: bearer)
            #expect(done.status == .conflict && done.errorCode == "conflict")
            let seen = try await client.send(.post, "/api/sources/\(source.id)/media/v1/retry", headers: bearer)
            #expect(seen.status == .ok)
            let queued = try seen.decode(SourceItemDTO.self)
            #expect(queued.phase == .queued && queued.jobState == .queued)
            let jobID = try #require(queued.jobId)
            let job = try #require(try await api.jobs.job(jobID))
            #expect(job.options.url == "http://127.0.0.1:9/v1.mp4" && job.options.tags == ["source:News"])
            let failed = try await client.send(.post, "/api/sources/\(source.id)/media/v2/retry", headers: bearer)
            #expect(failed.status == .ok)
            #expect(try failed.decode(SourceItemDTO.self).phase == .queued)
            #expect(try await client.send(.post, "/api/sources/\(source.id)/media/v9/retry", headers: bearer).status == .notFound)
        }
    }

    @Test("GET …/retention is a dry run; POST deletes what it lists and marks the items deleted")
    func retention() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let source = try await api.addSource(Self.feed, retention: Retention(keepNewest: 1))
        try await api.addItems(to: source, [.downloaded, .downloaded, .downloaded])
        _ = try await api.archive.setKeep(sourceID: source.id, mediaID: "v2", keep: true)
        try await api.test { client throws in
            let plan = try await client.send(.get, "/api/sources/\(source.id)/retention", headers: bearer).decode(RetentionPlanResponse.self)
            #expect(plan.items.map(\.mediaId) == ["v1"] && plan.items[0].reason == "beyond the newest 1" && plan.items[0].title == "Video 1")
            #expect(try await api.sources.itemCounts(sourceID: source.id)[.downloaded] == 3)
            let applied = try await client.send(.post, "/api/sources/\(source.id)/retention", headers: bearer)
            #expect(applied.status == .ok)
            #expect(try applied.decode(RetentionResultResponse.self).deleted.map(\.mediaId) == ["v1"])
            let after = try await client.send(.get, "/api/sources/\(source.id)/media?phase=deleted", headers: bearer).decode(SourceItemListResponse.self)
            #expect(after.items.map(\.mediaId) == ["v1"] && after.counts["downloaded"] == 2)
            #expect(try await client.send(.get, "/api/sources/\(source.id)/retention", headers: bearer).decode(RetentionPlanResponse.self).items.isEmpty)
        }
    }

    @Test("GET /api/archive/failed lists the dead letters of every source with their source id")
    func failed() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let first = try await api.addSource(Self.feed)
        let second = try await api.addSource("http://127.0.0.1:8080/other.xml", name: "Other")
        try await api.addItems(to: first, [.failed, .downloaded])
        try await api.addItems(to: second, [.seen, .failed])
        try await api.test { client throws in
            let response = try await client.send(.get, "/api/archive/failed", headers: bearer)
            let object = try response.object()
            let items = try #require(object["items"] as? [[String: Any]])
            #expect(Set(items.compactMap { $0["sourceId"] as? Int }) == [Int(first.id), Int(second.id)])
            #expect(items.allSatisfy { $0["phase"] as? String == "failed" })
            #expect(try await client.send(.get, "/api/archive/failed?limit=1", headers: bearer).decode(FailedItemListResponse.self).items.count == 1)
            #expect(try await client.send(.get, "/api/archive/failed?limit=0", headers: bearer).status == .badRequest)
        }
    }
}
