import Foundation
import SpoolCore
import Testing

extension JobStoreConformance {
    /// A job's owner is stored and read back, survives a modify, and `visibleTo` lists the jobs of
    /// that user plus the jobs of no one, combined with the other filters and counted in the total.
    public static func listFiltersByOwner(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        var alices = job(url: "https://example.com/alice", state: .queued)
        alices.ownerID = 1
        var bobs = job(url: "https://example.com/bob", state: .failed)
        bobs.ownerID = 2
        let nobodys = job(url: "https://example.com/nobody", state: .queued)
        for draft in [alices, bobs, nobodys] {
            _ = try await store.insert(draft, events: [])
        }
        #expect(try await store.job(alices.id)?.ownerID == 1)
        #expect(try await store.job(nobodys.id)?.ownerID == nil)
        let (modified, _) = try await store.modify(bobs.id) { job in
            job.title = "changed"
            return []
        }
        #expect(modified.ownerID == 2)
        #expect(try await store.job(bobs.id)?.ownerID == 2, "a modify keeps the owner")
        #expect(try await store.job(number: try #require(modified.number))?.ownerID == 2)

        func matches(_ query: JobQuery) async throws -> Set<JobID> {
            let page = try await store.list(query)
            #expect(page.total == page.jobs.count, "total counts every visible match (\(query))")
            return Set(page.jobs.map(\.id))
        }
        #expect(try await matches(JobQuery()) == [alices.id, bobs.id, nobodys.id])
        #expect(try await matches(JobQuery(visibleTo: 1)) == [alices.id, nobodys.id])
        #expect(try await matches(JobQuery(visibleTo: 2)) == [bobs.id, nobodys.id])
        #expect(try await matches(JobQuery(visibleTo: 3)) == [nobodys.id])
        #expect(try await matches(JobQuery(states: [.queued], visibleTo: 2)) == [nobodys.id], "combines with other filters")
        #expect(try await matches(JobQuery(search: "alice", visibleTo: 2)).isEmpty)
        #expect(try await store.list(JobQuery(visibleTo: 1, limit: 1)).total == 2, "the total counts past the page")
    }
}
