import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("GET /api/jobs")
struct JobListTests {
    /// Five jobs: two tagged `music`, one high priority, one canceled.
    private func seed(_ api: TestAPI) async throws -> [Job] {
        var jobs: [Job] = []
        jobs.append(try await api.addJob("https://example.com/song-1", tags: ["music"]))
        jobs.append(try await api.addJob("https://example.com/talk", priority: .high))
        jobs.append(try await api.addJob("https://example.com/song-2", tags: ["music"]))
        jobs.append(try await api.addJob("https://video.test/clip"))
        jobs.append(try await api.addJob("https://video.test/other"))
        try await api.service.apply(.cancel, to: jobs[4].id)
        return jobs
    }

    @Test("lists in queue order by default with paging metadata")
    func defaultOrder() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let jobs = try await seed(api)
        try await api.test { client in
            let page = try await client.send(.get, "/api/jobs", headers: bearer).decode(JobListResponse.self)
            #expect(page.total == 5)
            #expect(page.limit == 50 && page.offset == 0)
            #expect(page.jobs.first?.id == jobs[1].id)
            #expect(page.jobs.map(\.id).dropFirst().prefix(3) == [jobs[0].id, jobs[2].id, jobs[3].id])
        }
    }

    @Test("filters by status, tag and search")
    func filters() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let jobs = try await seed(api)
        try await api.test { client in
            let canceled = try await client.send(.get, "/api/jobs?status=CANCELED", headers: bearer).decode(JobListResponse.self)
            #expect(canceled.jobs.map(\.id) == [jobs[4].id])
            let several = try await client.send(.get, "/api/jobs?status=QUEUED,CANCELED", headers: bearer).decode(JobListResponse.self)
            #expect(several.total == 5)
            let music = try await client.send(.get, "/api/jobs?tag=music", headers: bearer).decode(JobListResponse.self)
            #expect(Set(music.jobs.map(\.id)) == [jobs[0].id, jobs[2].id])
            let search = try await client.send(.get, "/api/jobs?search=VIDEO.test", headers: bearer).decode(JobListResponse.self)
            #expect(Set(search.jobs.map(\.id)) == [jobs[3].id, jobs[4].id])
            // A parameter given with no value is an error, not "all" (the OpenAPI document says so too).
            let empty = try await client.send(.get, "/api/jobs?status=", headers: bearer)
            #expect(empty.status == .badRequest)
            let emptyLimit = try await client.send(.get, "/api/jobs?limit=", headers: bearer)
            #expect(emptyLimit.status == .badRequest)
        }
    }

    @Test("pages with limit and offset; sorts by other keys in both orders")
    func pagingAndSorting() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let jobs = try await seed(api)
        try await api.test { client in
            let second = try await client.send(.get, "/api/jobs?limit=2&offset=2", headers: bearer).decode(JobListResponse.self)
            #expect(second.total == 5 && second.limit == 2 && second.offset == 2)
            #expect(second.jobs.map(\.id) == [jobs[2].id, jobs[3].id])

            let newest = try await client.send(.get, "/api/jobs?sort=created&order=desc&limit=1", headers: bearer).decode(JobListResponse.self)
            #expect(newest.jobs.map(\.id) == [jobs[4].id])
            let byTitle = try await client.send(.get, "/api/jobs?sort=title", headers: bearer).decode(JobListResponse.self)
            #expect(byTitle.jobs.map(\.url) == byTitle.jobs.map(\.url).sorted())
        }
    }

    @Test("invalid query values are 400 invalid_input", arguments: [
        "status=DONE", "status=queued", "status=QUEUED,,FAILED", "limit=0", "limit=501", "limit=ten", "offset=-1", "sort=size", "order=up",
    ])
    func invalidQuery(query: String) async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.get, "/api/jobs?\(query)", headers: bearer)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_input")
        }
    }
}
