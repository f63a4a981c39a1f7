import Foundation
import SpoolCore
@testable import SpoolSQLite
import Testing

@Suite("SQLiteJobStore lists")
struct SQLiteJobListTests {
    @Test("every sort of an unfiltered page reads an index, never sorts the table", arguments: JobQuery.Sort.allCases)
    func sortsUseIndexes(sort: JobQuery.Sort) async throws {
        let store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: quietLogger))
        for descending in [false, true] {
            let plan = try await store.pagePlan(JobQuery(limit: 50, sort: sort, descending: descending))
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(sort.rawValue) \(descending ? "desc" : "asc"): \(plan)")
            #expect(plan.contains { $0.contains("USING INDEX") }, "\(plan)")
        }
    }

    @Test("a tag filter looks tags up by index")
    func tagFilterUsesIndex() async throws {
        let store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: quietLogger))
        let plan = try await store.pagePlan(JobQuery(tag: "music"))
        #expect(plan.contains { $0.contains("job_tags") && ($0.contains("PRIMARY KEY") || $0.contains("INDEX")) }, "\(plan)")
    }

    @Test("tags changed by modify are found by the tag filter and search")
    func retagging() async throws {
        let store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: quietLogger))
        let (job, _) = try await store.insert(Job(options: JobOptions(url: "https://example.com/a", tags: ["old"])), events: [])
        _ = try await store.modify(job.id) { job in
            job.options.tags = ["new", "new"]
            job.title = "Fresh Title"
            return []
        }
        #expect(try await store.list(JobQuery(tag: "old")).total == 0)
        #expect(try await store.list(JobQuery(tag: "new")).jobs.map(\.id) == [job.id])
        #expect(try await store.list(JobQuery(search: "fresh")).total == 1)
        #expect(try await store.list(JobQuery(search: "old")).total == 0)
    }

    @Test("untitled jobs sort by their url among titled ones, ignoring case")
    func untitledSortByURL() async throws {
        let store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: quietLogger))
        var alpha = Job(options: JobOptions(url: "https://example.com/1"))
        alpha.title = "alpha"
        var zebra = Job(options: JobOptions(url: "https://example.com/2"))
        zebra.title = "Zebra"
        let untitled = Job(options: JobOptions(url: "HTTPS://example.com/3"))
        for job in [zebra, untitled, alpha] {
            _ = try await store.insert(job, events: [])
        }
        #expect(try await store.list(JobQuery(sort: .title)).jobs.map(\.id) == [alpha.id, untitled.id, zebra.id])
    }
}
