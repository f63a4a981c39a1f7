import Foundation
import Hummingbird
import HummingbirdTesting
@testable import SpoolAPI
import SpoolCore
import Testing

@Suite("Job lists answered on the event loop (ResponseReplay)")
struct ResponseReplayTests {
    /// Tokens stay cached for the whole test: a replay ends when the token cache's entry does, and
    /// on a loaded machine two requests can be more than the default 5 s apart.
    private static func configure(_ configuration: inout APIDependencies.Configuration) {
        configuration.tokenCacheTTL = .seconds(600)
    }

    /// The value of one sample of the registry (0 when absent).
    private func sample(_ api: TestAPI, _ line: String) -> Int {
        var bytes: [UInt8] = []
        api.registry.emit(into: &bytes)
        for row in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where row.hasPrefix(line + " ") {
            return Int(Double(row.dropFirst(line.count + 1)) ?? 0)
        }
        return 0
    }

    private func replayed(_ api: TestAPI) -> Int { sample(api, "spool_http_replayed_requests_total") }

    @Test("a repeated list is sent again with the same head and body, its own request id, and counted")
    func repeatedListIsReplayed() async throws {
        let api = TestAPI(Self.configure)
        let bearer = try await api.bearer()
        try await api.addJob()
        try await api.testLive { client, _ in
            let first = try await client.send(.get, "/api/jobs?limit=5", headers: bearer)
            #expect(replayed(api) == 0)
            let second = try await client.send(.get, "/api/jobs?limit=5", headers: bearer)
            #expect(replayed(api) == 1)
            #expect(first.status == .ok && second.status == .ok)
            #expect(first.body == second.body)
            #expect(first.headers[.contentType] == "application/json; charset=utf-8")
            // The same fields in the same order; the request id differs, Date and Server are there.
            #expect(first.headers.map(\.name) == second.headers.map(\.name))
            for field in first.headers where ![.xRequestID, .date].contains(field.name) {
                #expect(second.headers[field.name] == field.value, "\(field.name)")
            }
            let firstID = try #require(first.headers[.xRequestID])
            let secondID = try #require(second.headers[.xRequestID])
            #expect(firstID != secondID && secondID.count == firstID.count)
            #expect(second.headers[.server] == "Spool")
            #expect(second.headers[.date]?.hasSuffix(" GMT") == true)
            #expect(sample(api, #"spool_http_requests_total{method="GET",route="/api/jobs",status="200"}"#) == 2)
            // A caller's own request id is echoed, as on the normal path.
            var withID = bearer
            withID[.xRequestID] = "proxy-42"
            let echoed = try await client.send(.get, "/api/jobs?limit=5", headers: withID)
            #expect(replayed(api) == 2)
            #expect(echoed.headers[.xRequestID] == "proxy-42")
        }
    }

    @Test("a job change, a logout and a changed role each send the next request the long way")
    func changesEndReplays() async throws {
        let api = TestAPI(Self.configure)
        let bearer = try await api.bearer("admin", role: .admin)
        try await api.addJob()
        try await api.testLive { client, _ in
            _ = try await client.send(.get, "/api/jobs", headers: bearer)
            #expect(try await client.send(.get, "/api/jobs", headers: bearer).decode(JobListResponse.self).total == 1)
            #expect(replayed(api) == 1)
            // A new job is an event: the next list is made again and shows it.
            try await api.addJob()
            #expect(try await client.send(.get, "/api/jobs", headers: bearer).decode(JobListResponse.self).total == 2)
            #expect(replayed(api) == 1)
            #expect(try await client.send(.get, "/api/jobs", headers: bearer).decode(JobListResponse.self).total == 2)
            #expect(replayed(api) == 2)

            // Logout ends the token: no replay answers it.
            #expect(try await client.send(.post, "/api/auth/logout", headers: bearer).status == .noContent)
            #expect(try await client.send(.get, "/api/jobs", headers: bearer).status == .unauthorized)
            #expect(replayed(api) == 2)
        }
    }

    @Test("another caller, another host or another origin is never answered with a recorded list")
    func otherCallersAreNotReplayed() async throws {
        let api = TestAPI(Self.configure)
        let alice = try await api.bearer("alice")
        let bob = try await api.bearer("bob")
        let aliceUser = try #require(await api.auth.user(named: "alice"))
        _ = try await api.service.create(JobOptions(url: "https://example.com/alice"), owner: aliceUser.id)
        try await api.testLive { client, port in
            _ = try await client.send(.get, "/api/jobs", headers: alice)
            #expect(try await client.send(.get, "/api/jobs", headers: alice).decode(JobListResponse.self).total == 1)
            #expect(replayed(api) == 1)
            // Bob sees his own (empty) list, made for him.
            #expect(try await client.send(.get, "/api/jobs", headers: bob).decode(JobListResponse.self).total == 0)
            #expect(replayed(api) == 1)
            // Another Host or Origin is another request (the allow-list and CORS answer per host
            // and origin); curl's own request is recorded first, so only its repeats could replay.
            let aliceToken = try #require(alice[.authorization])
            let url = "http://127.0.0.1:\(port)/api/jobs"
            _ = try await Curl.run(["-H", "Authorization: \(aliceToken)", url])
            for variant in [["-H", "Host: example.test"], ["-H", "Origin: https://ui.example"], ["-H", "Cookie: a=b"]] {
                _ = try await Curl.run(["-H", "Authorization: \(aliceToken)"] + variant + [url])
            }
            #expect(replayed(api) == 1)
            // Made an administrator, Alice sees every job at once, not her recorded list.
            let admin = try await api.bearer("root", role: .admin)
            let root = try #require(await api.auth.user(named: "root"))
            _ = try await api.service.create(JobOptions(url: "https://example.com/root"), owner: root.id)
            _ = try await client.send(.get, "/api/jobs", headers: alice)
            #expect(try await client.send(.get, "/api/jobs", headers: alice).decode(JobListResponse.self).total == 1)
            #expect(replayed(api) == 2)
            #expect(try await client.send(.patch, "/api/users/\(aliceUser.id)", headers: admin, json: #"{"role":"admin"}"#).status == .ok)
            #expect(try await client.send(.get, "/api/jobs", headers: alice).decode(JobListResponse.self).total == 2)
            #expect(replayed(api) == 2)
        }
    }

    @Test("pipelined requests are answered in order, and HEAD or Connection: close take the long way")
    func pipelinedRequestsKeepOrder() async throws {
        let api = TestAPI(Self.configure)
        let token = try await api.createToken("admin", role: .admin)
        let job = try await api.addJob()
        try await api.testLive { client, port in
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            // Recorded, then replayable.
            _ = try await client.send(.get, "/api/jobs", headers: bearer)
            _ = try await client.send(.get, "/api/jobs", headers: bearer)
            #expect(replayed(api) == 1)

            // Three requests in one write: a job's detail (the long way), the list, and a health
            // check that closes. The list must not overtake the detail.
            let connection = try await RawConnection.connect(port: port)
            let auth = "Authorization: Bearer \(token)\r\n"
            try await connection.write(
                "GET /api/jobs/\(job.id) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)\r\n"
                    + "GET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            let (text, closed) = try await connection.read()
            #expect(closed)
            let detail = try #require(text.range(of: "\"events\""))
            let list = try #require(text.range(of: "\"total\""))
            let health = try #require(text.range(of: "\"dependencies\""))
            #expect(detail.lowerBound < list.lowerBound && list.lowerBound < health.lowerBound, "\(text)")
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 4)

            // HEAD and Connection: close are not replayed.
            let replaysBefore = replayed(api)
            #expect(try await client.send(.head, "/api/jobs", headers: bearer).status == .ok)
            let closing = try await Curl.run(["-H", "Authorization: Bearer \(token)", "-H", "Connection: close", "http://127.0.0.1:\(port)/api/jobs"])
            #expect(closing.status == 200)
            #expect(replayed(api) == replaysBefore)
            // Curl's own fields (User-Agent, Accept) do not matter: its next request is replayed.
            _ = try await Curl.run(["-H", "Authorization: Bearer \(token)", "http://127.0.0.1:\(port)/api/jobs"])
            _ = try await Curl.run(["-H", "Authorization: Bearer \(token)", "http://127.0.0.1:\(port)/api/jobs"])
            #expect(replayed(api) == replaysBefore + 1)
        }
    }
}
