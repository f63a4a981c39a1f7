import Foundation
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Command line")
    struct CommandLine {
        /// Runs the real `spool` binary as a client and collects its output.
        static func spool(_ arguments: [String], server: SpoolProcess, token: String?) async throws -> ChildRun.Result {
            try await ChildRun.run(SpoolProcess.binary, arguments, environment: [
                "SPOOL_SERVER": server.baseURL, "SPOOL_TOKEN": token,
                "XDG_CONFIG_HOME": server.dataDirectory.appendingPathComponent("config").path,
            ])
        }

        @Test("spool add, watch, ls and show drive a download like transmission-remote")
        func addWatchList() async throws {
            let media = try await TestMedia.generateVideo(seconds: 3)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { server, client in
                    let added = try await Self.spool(["add", files.url(for: media.lastPathComponent), "--tag", "cli", "--json"], server: server, token: client.token)
                    #expect(added.status == 0, "\(added.output)")
                    let list = try await client.send("GET", "/api/jobs?tag=cli")
                    guard case .array(let jobs) = try #require(list.body["jobs"]), let id = jobs.first?["id"]?.stringValue else {
                        Issue.record("no job was added: \(list.raw)")
                        return
                    }
                    let watched = try await Self.spool(["watch", String(id.prefix(8)), "--plain"], server: server, token: client.token)
                    #expect(watched.status == 0, "\(watched.output)")
                    #expect(watched.output.contains("COMPLETE"))
                    let table = try await Self.spool(["ls"], server: server, token: client.token)
                    #expect(table.status == 0)
                    #expect(table.output.contains(String(id.prefix(8))))
                    let shown = try await Self.spool(["show", String(id.prefix(6))], server: server, token: client.token)
                    #expect(shown.status == 0)
                    #expect(shown.output.contains("COMPLETE"))

                    let missing = try await Self.spool(["show", "ffffffff"], server: server, token: client.token)
                    #expect(missing.status == 4, "not found exits with 4: \(missing.output)")
                    let unauthorised = try await Self.spool(["ls"], server: server, token: "spl_bad_bad")
                    #expect(unauthorised.status == 3, "auth failures exit with 3: \(unauthorised.output)")
                    let invalid = try await Self.spool(["add", "ftp://example.com/x"], server: server, token: client.token)
                    #expect(invalid.status == 2, "invalid input exits with 2: \(invalid.output)")
                    #expect(invalid.output.contains("spool:"))
                }
            }
        }

        @Test("spool add --batch queues the URLs as episodes; spool batch ls and show follow it; a bad URL adds nothing")
        func batch() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["MAX_RETRIES": "0"]) { server, client in
                    let url = files.url(for: media.lastPathComponent)
                    let refused = try await Self.spool(["add", "--batch", "Bad", url, "ftp://example.com/x"], server: server, token: client.token)
                    #expect(refused.status == 2, "\(refused.output)")
                    #expect(refused.output.contains("urls[1]"))
                    #expect(try await client.send("GET", "/api/jobs").body["total"]?.doubleValue == 0)

                    let added = try await Self.spool(
                        ["add", "--batch", "Season 1", "--tag", "cli", url, files.url(for: "missing.mp4"), url + "?again"], server: server, token: client.token
                    )
                    #expect(added.status == 0, "\(added.output)")
                    #expect(added.output.contains("Added batch") && added.output.contains("'Season 1': 3 jobs"))
                    let short = try #require(added.output.split(separator: " ").dropFirst(2).first.map(String.init))
                    var listed = try await Self.spool(["batch"], server: server, token: client.token)
                    let deadline = ContinuousClock.now + .seconds(90)
                    while !listed.output.contains("completed"), ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(500))
                        listed = try await Self.spool(["batch", "ls"], server: server, token: client.token)
                    }
                    #expect(listed.output.contains("\(short)  completed  2/3   1"), "\(listed.output)")
                    let shown = try await Self.spool(["batch", "show", short], server: server, token: client.token)
                    #expect(shown.status == 0)
                    #expect(shown.output.contains("State     completed: 2 of 3 finished, 1 failed"), "\(shown.output)")
                    #expect(shown.output.contains("404"))
                    let missing = try await Self.spool(["batch", "show", "ffffffff"], server: server, token: client.token)
                    #expect(missing.status == 4, "\(missing.output)")
                    let removed = try await Self.spool(["batch", "rm", short, "--delete-files"], server: server, token: client.token)
                    #expect(removed.status == 0, "\(removed.output)")
                    #expect(try await client.send("GET", "/api/jobs").body["total"]?.doubleValue == 0)
                }
            }
        }
    }
}
