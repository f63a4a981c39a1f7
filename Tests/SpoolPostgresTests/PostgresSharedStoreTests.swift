import Foundation
import SpoolCore
import SpoolPostgres
import Testing

/// Several processes (one pool each, like two gateways or a gateway and a worker) sharing one
/// database.
@Suite("PostgreSQL store shared by several processes")
struct PostgresSharedStoreTests {
    @Test("a job created by one gateway is read, listed and changed by the other")
    func twoGatewaysServeTheSameJobs() async throws {
        try await withProcesses(2) { databases in
            try await databases[0].migrate()
            let (first, second) = (PostgresJobStore(database: databases[0]), PostgresJobStore(database: databases[1]))
            let draft = Job(options: JobOptions(url: "https://example.com/shared", tags: ["shared"]))
            let (inserted, added) = try await first.insert(draft, events: [.jobAdded(draft)])

            #expect(try await second.job(draft.id) == inserted)
            #expect(try await second.list(JobQuery(tag: "shared")).jobs.map(\.id) == [draft.id])
            let (changed, events) = try await second.modify(draft.id) { job in
                job.state = .downloading
                return [.stateChange(job.id, from: .queued, to: .downloading)]
            }
            #expect(try await first.job(draft.id) == changed)
            let replayed = try await first.events(after: 0, jobIDs: [draft.id], limit: 10)
            #expect(replayed.map(\.id) == added.map(\.id) + events.map(\.id))
            #expect(try await first.latestEventID() == events.last?.id)
        }
    }

    @Test("modifies of one job from two processes take turns: no update is lost")
    func concurrentModifiesFromTwoProcessesSerialise() async throws {
        try await withProcesses(2) { databases in
            try await databases[0].migrate()
            let stores = databases.map(PostgresJobStore.init(database:))
            let (job, _) = try await stores[0].insert(Job(options: JobOptions(url: "https://example.com/a")), events: [])
            let seen = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<30 {
                    let store = stores[index % 2]
                    group.addTask {
                        let (changed, _) = try await store.modify(job.id) { job in
                            job.attempts += 1
                            return [.log(job.id, .debug, "attempt \(job.attempts)")]
                        }
                        return changed.attempts
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(seen.sorted() == Array(1...30), "each modify saw the previous one's write")
            #expect(try await stores[1].job(job.id)?.attempts == 30)
            let messages = try await stores[0].events(for: job.id, query: EventQuery(limit: 100)).events.compactMap { $0.payload["message"]?.stringValue }
            #expect(messages == (1...30).map { "attempt \($0)" }, "event ids follow commit order")
        }
    }

    @Test("a reader resuming by id misses no event while two processes append concurrently")
    func readerResumingByIDSeesEveryEvent() async throws {
        try await withProcesses(3, poolSize: 6) { databases in
            try await databases[0].migrate()
            let stores = databases.map(PostgresJobStore.init(database:))
            let (job, _) = try await stores[0].insert(Job(options: JobOptions(url: "https://example.com/a")), events: [])
            let batches = 60
            // Each of the six lanes writes 1, 2 or 3 events per batch.
            let perLane: Int = (0..<batches).map { 1 + $0 % 3 }.reduce(0, +)
            let expected = 2 * 3 * perLane
            let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for writer in 0..<2 {
                    for lane in 0..<3 {
                        group.addTask {
                            for batch in 0..<batches {
                                let count = 1 + (batch + lane) % 3
                                _ = try await stores[writer].append((0..<count).map { .log(job.id, .info, "w\(writer) l\(lane) b\(batch) #\($0)") })
                            }
                            return []
                        }
                    }
                }
                group.addTask {
                    // Resume after the last id seen, as a reconnecting client does.
                    var cursor: Int64 = 0
                    var seen: [Int64] = []
                    var idle = 0
                    while seen.count < expected, idle < 2_000 {
                        let page = try await stores[2].events(after: cursor, jobIDs: nil, limit: 25)
                        seen += page.map(\.id)
                        cursor = page.last?.id ?? cursor
                        idle = page.isEmpty ? idle + 1 : 0
                        if page.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
                    }
                    return seen
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let stored = try await stores[0].events(after: 0, jobIDs: nil, limit: 10_000).map(\.id)
            #expect(stored.count == expected)
            #expect(seen == stored, "the resuming reader saw every stored event, in id order")
            #expect(stored == stored.sorted() && Set(stored).count == stored.count)
        }
    }

    @Test("processes starting together migrate once")
    func migrationRunsOnce() async throws {
        try await withProcesses(4) { databases in
            #expect(try await databases[0].appliedMigrations().isEmpty)
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for database in databases {
                    group.addTask { try await database.migrate() }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let all = ["v1-jobs", "v1-auth", "v4-sources", "v5-processing", "v6-job-numbers", "v7-batches", "v8-notifications", "v9-job-owners", "v10-audit-log"]
            #expect(applied.filter { !$0.isEmpty } == [all], "exactly one process applied the migrations: \(applied)")
            #expect(try await databases[3].appliedMigrations() == all)
            #expect(try await databases[1].migrate().isEmpty)
            try await PostgresJobStore(database: databases[2]).ping()
        }
    }
}
