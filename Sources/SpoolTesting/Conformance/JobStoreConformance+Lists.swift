import Foundation
import SpoolCore
import Testing

extension JobStoreConformance {
    /// States filter by membership; `search` is a case-insensitive literal substring of url,
    /// title or tags; `tag` is exact membership; filters combine with AND.
    public static func listFiltersByStateSearchAndTag(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let alpha = job(url: "https://Example.com/Alpha", tags: ["music", "live"], title: "Cats at Night", state: .queued)
        let beta = job(url: "https://example.com/beta", tags: ["musical"], state: .downloading)
        let gamma = job(url: "https://example.com/gamma", title: "Dogs 100%", state: .failed)
        for job in [alpha, beta, gamma] {
            _ = try await store.insert(job, events: [])
        }
        func matches(_ query: JobQuery) async throws -> Set<JobID> {
            let page = try await store.list(query)
            #expect(page.total == page.jobs.count, "total counts every match (\(query))")
            return Set(page.jobs.map(\.id))
        }

        #expect(try await matches(JobQuery(states: [.queued])) == [alpha.id])
        #expect(try await matches(JobQuery(states: [.downloading, .failed])) == [beta.id, gamma.id])
        #expect(try await matches(JobQuery(states: [.complete])).isEmpty)
        #expect(try await matches(JobQuery(search: "ALPHA")) == [alpha.id], "search matches the url, ignoring case")
        #expect(try await matches(JobQuery(search: "cats AT")) == [alpha.id], "search matches the title")
        #expect(try await matches(JobQuery(search: "music")) == [alpha.id, beta.id], "search matches inside tags")
        #expect(try await matches(JobQuery(search: "%")) == [gamma.id], "search is literal, not a pattern")
        #expect(try await matches(JobQuery(search: "_")).isEmpty, "search is literal, not a pattern")
        #expect(try await matches(JobQuery(search: "")) == [alpha.id, beta.id, gamma.id])
        #expect(try await matches(JobQuery(tag: "music")) == [alpha.id], "tag is exact membership")
        #expect(try await matches(JobQuery(tag: "mus")).isEmpty)
        #expect(try await matches(JobQuery(states: [.queued, .failed], search: "EXAMPLE", tag: "live")) == [alpha.id])
        #expect(try await matches(JobQuery(states: [.failed], tag: "live")).isEmpty)
    }

    /// `idPrefix` matches jobs whose id starts with it, ignoring case; it combines with other filters.
    public static func listFiltersByIDPrefix(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let ids = ["aaaa1111-0000-4000-8000-000000000001", "aaaa2222-0000-4000-8000-000000000002", "bbbb1111-0000-4000-8000-000000000003"]
        for (index, id) in ids.enumerated() {
            var draft = job(url: "https://example.com/\(index)", state: index == 2 ? .failed : .queued)
            draft.id = JobID(id)
            _ = try await store.insert(draft, events: [])
        }
        func matches(_ query: JobQuery) async throws -> [String] {
            try await store.list(query).jobs.map(\.id.rawValue).sorted()
        }
        #expect(try await matches(JobQuery(idPrefix: "aaaa")) == [ids[0], ids[1]])
        #expect(try await matches(JobQuery(idPrefix: "AAAA2")) == [ids[1]], "prefixes ignore case")
        #expect(try await matches(JobQuery(idPrefix: ids[2])) == [ids[2]], "a full id is a prefix of itself")
        #expect(try await matches(JobQuery(idPrefix: "c")).isEmpty)
        #expect(try await matches(JobQuery(states: [.failed], idPrefix: "aaaa")).isEmpty, "combines with other filters")
        #expect(try await store.list(JobQuery(idPrefix: "aaaa")).total == 2)
    }

    /// Every sort key orders as documented, and descending is the exact reverse.
    public static func listSortsEveryWay(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let base = Date(timeIntervalSince1970: 1_750_000_000)
        let j1 = job(url: "https://example.com/1", priority: .normal, title: "banana", state: .queued, created: base.addingTimeInterval(3), percent: 50)
        let j2 = job(url: "https://example.com/2", priority: .high, title: "Apple", state: .failed, created: base.addingTimeInterval(1), percent: 90)
        let j3 = job(url: "https://example.com/3", priority: .low, title: "cherry", state: .complete, created: base.addingTimeInterval(2), percent: 10)
        let j4 = job(url: "https://example.com/4", priority: .high, title: "date", state: .queued, created: base.addingTimeInterval(4), percent: 70)
        for job in [j1, j2, j3, j4] {
            _ = try await store.insert(job, events: [])
        }
        for (job, offset) in [(j3, 10.0), (j1, 20), (j4, 30), (j2, 40)] {
            _ = try await store.modify(job.id) { job in
                job.updatedAt = base.addingTimeInterval(offset)
                return []
            }
        }
        func order(_ sort: JobQuery.Sort, descending: Bool = false) async throws -> [JobID] {
            try await store.list(JobQuery(sort: sort, descending: descending)).jobs.map(\.id)
        }
        let expected: [(JobQuery.Sort, [Job])] = [
            (.queue, [j2, j4, j1, j3]),
            (.created, [j2, j3, j1, j4]),
            (.updated, [j3, j1, j4, j2]),
            (.title, [j2, j1, j3, j4]),
            (.progress, [j3, j1, j4, j2]),
        ]
        for (sort, jobs) in expected {
            #expect(try await order(sort) == jobs.map(\.id), "sort \(sort.rawValue)")
            #expect(try await order(sort, descending: true) == jobs.reversed().map(\.id), "sort \(sort.rawValue) descending")
        }
        let byState = try await store.list(JobQuery(sort: .state)).jobs.map(\.state)
        #expect(byState == [.complete, .failed, .queued, .queued], "state sorts by state name")
    }

    /// Pages partition the ordered list without gaps or repeats, even when the sort key ties,
    /// and `total` is the full count on every page.
    public static func listPagesWithAStableTotal(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let created = Date()
        for index in 0..<7 {
            _ = try await store.insert(job(url: "https://example.com/\(index)", state: index < 5 ? .queued : .complete, created: created), events: [])
        }
        for sort in [JobQuery.Sort.queue, .created] {
            let all = try await store.list(JobQuery(limit: 100, sort: sort)).jobs.map(\.id)
            var paged: [JobID] = []
            for offset in stride(from: 0, to: 7, by: 3) {
                let page = try await store.list(JobQuery(limit: 3, offset: offset, sort: sort))
                #expect(page.total == 7)
                paged += page.jobs.map(\.id)
            }
            #expect(all.count == 7)
            #expect(paged == all, "pages of \(sort.rawValue) are stable")
        }
        let beyond = try await store.list(JobQuery(limit: 3, offset: 7))
        #expect(beyond.jobs.isEmpty && beyond.total == 7)
        let filtered = try await store.list(JobQuery(states: [.queued], limit: 2))
        #expect(filtered.jobs.count == 2 && filtered.total == 5)
    }

    /// `countsByState` and `jobs(in:)` see every job.
    public static func countsAndStateQueriesSeeEveryJob(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        #expect(try await store.countsByState().values.allSatisfy { $0 == 0 })
        var ids: [JobState: [JobID]] = [:]
        for state in [JobState.queued, .queued, .failed, .complete, .downloading] {
            let (job, _) = try await store.insert(job(url: "https://example.com/\(state.rawValue)", state: state), events: [])
            ids[state, default: []].append(job.id)
        }
        let counts = try await store.countsByState().filter { $0.value > 0 }
        let expectedCounts: [JobState: Int] = [.queued: 2, .failed: 1, .complete: 1, .downloading: 1]
        #expect(counts == expectedCounts)
        let waiting = try await store.jobs(in: [.queued, .downloading])
        let expected: Set<JobID> = Set(ids[.queued, default: []]).union(ids[.downloading, default: []])
        #expect(Set(waiting.map(\.id)) == expected)
        #expect(try await store.jobs(in: []).isEmpty)
        try await store.ping()
    }
}
