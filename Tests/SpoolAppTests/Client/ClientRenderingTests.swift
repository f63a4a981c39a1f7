import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore
import Testing

@Suite("Tables, boards and credentials")
struct ClientRenderingTests {
    func job(_ id: String, _ status: JobState, percent: Double? = nil, bytes: Int64? = nil, title: String? = nil) -> JobDTO {
        JobDTO(id: JobID(id), url: "https://example.com/\(id)", status: status, title: title,
               progress: JobProgress(stage: .download, percent: percent, downloadedBytes: bytes, totalBytes: 167_772_160, speed: 1_048_576, eta: 65))
    }

    @Test("ls table aligns columns, sums bytes and cuts names to the width")
    func table() {
        let table = JobTable(jobs: [
            job("3f2a9c1e-aaaa", .downloading, percent: 45.2, bytes: 75_600_000, title: "A rather long title that will be cut"),
            job("9bc17d02-bbbb", .queued),
        ], width: 80)
        let lines = table.lines()
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("ID        Done"))
        #expect(lines[1].hasPrefix("3f2a9c1e   45%  72.1 MiB  1m05s"))
        #expect(lines[1].contains("Downloading"))
        #expect(lines.allSatisfy { TextWidth.of($0) <= 80 })
        #expect(lines[1].hasSuffix("…"))
        #expect(lines[3].hasPrefix("Sum:") && lines[3].contains("72.1 MiB") && lines[3].contains("1.00 MiB/s"))
    }

    @Test("the board folds progress and state changes and knows when all are done")
    func board() {
        var board = ProgressBoard()
        board.upsert(job("a", .queued))
        board.upsert(job("b", .downloading, percent: 10))
        let progress = JobEvent(jobId: JobID("a"), type: .progress, payload: .object([
            "stage": .string("download"), "percent": .number(50), "downloadedBytes": .number(1000), "speed": .number(10), "eta": .number(3),
        ]))
        board.apply(progress)
        #expect(board.jobs["a"]?.status == .downloading)
        #expect(board.jobs["a"]?.progress.percent == 50)
        #expect(!board.allFinished)
        let change = board.apply(.stateChange(JobID("a"), from: .downloading, to: .complete))
        #expect(change?.to == .complete)
        board.apply(.stateChange(JobID("b"), from: .downloading, to: .failed))
        #expect(board.allFinished)
        #expect(board.failedJobs.map(\.id) == [JobID("b")])
        #expect(board.lines(width: 60, unicode: false).allSatisfy { TextWidth.of($0) <= 59 })
        #expect(ProgressBoard.barLine(board.jobs["a"]!, unicode: false).contains("[####################]"))
    }

    @Test("a deleted job counts as done")
    func deleted() {
        var board = ProgressBoard()
        board.upsert(job("a", .downloading))
        board.apply(.jobRemoved(JobID("a")))
        #expect(board.allFinished)
        #expect(board.failedJobs.isEmpty)
    }

    @Test("credentials are saved 0600, per server, and expired ones are ignored")
    func credentials() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-cred-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = CredentialStore(path: directory.path + "/spool/credentials")
        try store.save(.init(token: "t1", username: "admin", kind: "session", expiresAt: Date().addingTimeInterval(60)), for: "http://a:3000")
        try store.save(.init(token: "t2", username: "admin", kind: "session", expiresAt: Date().addingTimeInterval(-1)), for: "http://b:3000")
        #expect(store.entry(for: "http://a:3000")?.token == "t1")
        #expect(store.entry(for: "http://b:3000") == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try store.remove(server: "http://a:3000"))
        #expect(store.entry(for: "http://a:3000") == nil)
    }

    @Test("the default credentials path follows XDG_CONFIG_HOME, else HOME")
    func credentialsPath() {
        #expect(CredentialStore.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/spool/credentials")
        #expect(CredentialStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/spool/credentials")
    }
}

