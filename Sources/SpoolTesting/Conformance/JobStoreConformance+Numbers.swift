import Foundation
import SpoolCore
import Testing

extension JobStoreConformance {
    /// Inserts number jobs 1, 2, 3, … in insert order; a number survives changes, finds its job,
    /// and is never given again, not even after the newest job is deleted.
    public static func numbersAreStableAndNeverReused(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        var jobs: [Job] = []
        for index in 0..<3 {
            let draft = job(url: "https://example.com/numbered/\(index)")
            #expect(draft.number == nil, "a job has no number before it is stored")
            jobs.append(try await store.insert(draft, events: []).0)
        }
        #expect(jobs.map(\.number) == [1, 2, 3], "numbers: \(jobs.map(\.number))")

        let (changed, _) = try await store.modify(jobs[1].id) { job in
            job.state = .downloading
            job.number = 99
            return []
        }
        #expect(changed.number == 2, "modify cannot change a number")
        #expect(try await store.job(jobs[1].id)?.number == 2)
        #expect(try await store.job(number: 2)?.id == jobs[1].id)
        #expect(try await store.job(number: 99) == nil)
        #expect(try await store.list(JobQuery()).jobs.map(\.number) == [1, 2, 3])

        _ = try await store.delete(jobs[2].id, event: .jobRemoved(jobs[2].id, number: 3))
        #expect(try await store.job(number: 3) == nil)
        let (next, _) = try await store.insert(job(url: "https://example.com/numbered/next"), events: [])
        #expect(next.number == 4, "the deleted job's number 3 is not given again: \(String(describing: next.number))")
        #expect(try await store.job(number: 4)?.id == next.id)
        #expect(try await store.job(number: 1)?.id == jobs[0].id)
    }
}
