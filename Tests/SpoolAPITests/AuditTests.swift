import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import SpoolAPI
import SpoolAPIModels
import SpoolCore
import Testing

@Suite("Audit log")
struct AuditTests {
    @Test("each mutating call leaves one entry with its action, actor and target")
    func mutatingCalls() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        let root = try #require(await api.auth.user(named: "root"))
        try await api.test { client in
            let created = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/1"}"#)
            #expect(created.status == .created)
            let job = try created.decode(JobResponse.self).job.id.rawValue
            var expected: [(String, String?)] = [("job.create", job)]
            for action in ["pause", "resume", "cancel", "retry"] {
                #expect(try await client.send(.post, "/api/jobs/\(job)/\(action)", headers: bearer).status == .ok)
                expected.append(("job.\(action)", job))
            }
            #expect(try await client.send(.post, "/api/jobs/\(job)/move", headers: bearer, json: #"{"to":"top"}"#).status == .ok)
            expected.append(("job.move", job))
            #expect(try await client.send(.delete, "/api/jobs/\(job)", headers: bearer).status == .noContent)
            expected.append(("job.delete", job))

            let batch = try await client.send(.post, "/api/batches", headers: bearer, json: #"{"urls":["https://example.com/b/1"]}"#)
            #expect(batch.status == .created)
            let batchID = try #require(try batch.object()["batch"] as? [String: Any])["id"] as? String
            expected.append(("batch.create", batchID))
            #expect(try await client.send(.post, "/api/batches/\(try #require(batchID))/cancel", headers: bearer).status == .ok)
            expected.append(("batch.cancel", batchID))

            let token = try await client.send(.post, "/api/tokens", headers: bearer, json: #"{"name":"laptop"}"#).decode(CreateTokenResponse.self)
            expected.append(("token.create", token.id))
            #expect(try await client.send(.delete, "/api/tokens/\(token.id)", headers: bearer).status == .noContent)
            expected.append(("token.revoke", token.id))

            let carol = try await client.send(.post, "/api/users", headers: bearer, json: #"{"username":"carol","password":"carol-secret-1","role":"viewer"}"#)
                .decode(UserAccountDTO.self)
            let carolID = String(carol.id)
            expected.append(("user.create", carolID))
            #expect(try await client.send(.patch, "/api/users/\(carolID)", headers: bearer, json: #"{"role":"user"}"#).status == .ok)
            expected.append(("user.update", carolID))
            #expect(try await client.send(.patch, "/api/users/\(carolID)", headers: bearer, json: #"{"disabled":true}"#).status == .ok)
            expected.append(("user.disable", carolID))
            #expect(try await client.send(.post, "/api/users/\(carolID)/password", headers: bearer, json: #"{"password":"carol-secret-2"}"#).status == .noContent)
            expected.append(("user.password_reset", carolID))
            #expect(try await client.send(.delete, "/api/users/\(carolID)", headers: bearer).status == .noContent)
            expected.append(("user.delete", carolID))

            // Reads and failed calls change nothing and leave nothing.
            #expect(try await client.send(.get, "/api/jobs", headers: bearer).status == .ok)
            #expect(try await client.send(.post, "/api/jobs/nope/pause", headers: bearer).status == .notFound)
            #expect(try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"ftp://x"}"#).status == .badRequest)

            #expect(try await client.send(.post, "/api/auth/logout", headers: bearer).status == .noContent)
            expected.append(("auth.logout", nil))

            let entries = await api.audit.all
            #expect(entries.map(\.action) == expected.map(\.0))
            #expect(entries.map { $0.target?.id } == expected.map(\.1))
            #expect(entries.allSatisfy { $0.actor == AuditActor(userID: root.id, name: "root") && $0.outcome == .success })
            #expect(entries.allSatisfy { $0.clientAddress != nil })
            #expect(entries.first { $0.action == "user.create" }?.detail?["role"] == .string("viewer"))
            #expect(entries.first { $0.action == "job.create" }?.target?.kind == "job")
            let stored = try String(decoding: SpoolJSON.makeEncoder().encode(entries.map(AuditEntryDTO.init)), as: UTF8.self)
            #expect(!stored.contains("carol-secret") && !stored.contains(token.token), "no password or token is recorded")
        }
    }

    @Test("logins and failed logins are recorded with the name tried, never the password; refusals as denied")
    func logins() async throws {
        let api = TestAPI()
        try await createUser(auth: api.auth, username: "bob", password: "correct horse", role: .viewer, bcryptCost: 4)
        let bob = try #require(await api.auth.user(named: "bob"))
        try await api.test { client in
            #expect(try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"battery staple"}"#).status == .unauthorized)
            #expect(try await client.send(.post, "/api/auth/login", json: #"{"username":"mallory","password":"battery staple"}"#).status == .unauthorized)
            let login = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"correct horse"}"#)
            #expect(login.status == .ok)
            let session: HTTPFields = [.authorization: "Bearer \(try login.decode(LoginResponse.self).token)"]
            #expect(try await client.send(.post, "/api/jobs", headers: session, json: #"{"url":"https://example.com/v/1"}"#).status == .forbidden)

            let entries = await api.audit.all
            #expect(entries.map(\.action) == ["auth.login_failed", "auth.login_failed", "auth.login", "job.create"])
            #expect(entries.map(\.outcome) == [.failure, .failure, .success, .denied])
            #expect(entries.map(\.actor) == [
                AuditActor(userID: nil, name: "bob"), AuditActor(userID: nil, name: "mallory"),
                AuditActor(userID: bob.id, name: "bob"), AuditActor(userID: bob.id, name: "bob"),
            ])
            let text = "\(entries)"
            #expect(!text.contains("battery") && !text.contains("correct horse"))
        }
    }

    @Test("GET /api/audit is for admins, filters by actor, action and time, and pages by cursor")
    func listing() async throws {
        let api = TestAPI()
        let admin = try await api.bearer("root", role: .admin)
        let user = try await api.bearer("alice", role: .user)
        try await api.test { client in
            for index in 0..<5 {
                #expect(try await client.send(.post, "/api/jobs", headers: user, json: #"{"url":"https://example.com/v/\#(index)"}"#).status == .created)
            }
            #expect(try await client.send(.post, "/api/tokens", headers: admin, json: #"{"name":"x"}"#).status == .created)

            let refused = try await client.send(.get, "/api/audit", headers: user)
            #expect(refused.status == .forbidden)
            #expect(try await client.send(.get, "/api/audit").status == .unauthorized)

            let all = try await client.send(.get, "/api/audit", headers: admin).decode(AuditListResponse.self)
            #expect(all.entries.map(\.action) == ["token.create"] + Array(repeating: "job.create", count: 5))
            #expect(all.nextCursor == nil)
            let alice = try await client.send(.get, "/api/audit?actor=alice&action=job.", headers: admin).decode(AuditListResponse.self)
            #expect(alice.entries.count == 5 && alice.entries.allSatisfy { $0.actor.name == "alice" })
            #expect(try await client.send(.get, "/api/audit?action=token.", headers: admin).decode(AuditListResponse.self).entries.count == 1)
            let future = SpoolJSON.format(Date().addingTimeInterval(3600))
            #expect(try await client.send(.get, "/api/audit?since=\(future)", headers: admin).decode(AuditListResponse.self).entries.isEmpty)
            #expect(try await client.send(.get, "/api/audit?until=\(future)", headers: admin).decode(AuditListResponse.self).entries.count == 6)

            var seen: [Int64] = []
            var cursor: String?
            repeat {
                let query = "/api/audit?limit=4" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.send(.get, query, headers: admin).decode(AuditListResponse.self)
                seen += page.entries.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == all.entries.map(\.id))

            #expect(try await client.send(.get, "/api/audit?limit=0", headers: admin).errorCode == "invalid_input")
            #expect(try await client.send(.get, "/api/audit?since=yesterday", headers: admin).errorCode == "invalid_input")
            #expect(try await client.send(.get, "/api/audit?cursor=abc", headers: admin).errorCode == "invalid_input")
        }
    }

    @Test("every mutating route the router serves has an audit action")
    func everyMutatingRouteIsAudited() async throws {
        let api = try ArchiveTestAPI()
        let dependencies = api.dependencies
        let router = buildRouter(dependencies, components: APIComponents(dependencies, logger: Logger(label: "spool.api.test")))
        let mutating = router.routes.filter { $0.method != .get && $0.method != .head && $0.path.description.hasPrefix("/api/") }
        #expect(mutating.count > 20)
        for route in mutating where !AuditAction.readOnly.contains("\(route.method.rawValue) \(route.path.description)") {
            let action = AuditAction.of(method: route.method, route: route.path.description)
            #expect(action != nil, "\(route.method) \(route.path) is not audited")
            #expect(action?.name.contains(".") == true)
        }
        #expect(AuditAction.of(method: .post, route: "/api/jobs/{id}/pause")?.name == "job.pause")
        #expect(AuditAction.of(method: .delete, route: "/api/tokens/{id}")?.name == "token.revoke")
        #expect(AuditAction.of(method: .post, route: "/api/v1/jobs/{id}/cancel")?.name == "job.cancel")
        #expect(AuditAction.of(method: .put, route: "/api/processing/profiles/{name}")?.name == "processing_profile.update")
        #expect(AuditAction.of(method: .patch, route: "/api/sources/{id}/media/{mediaId}")?.name == "source.media.update")
        #expect(AuditAction.of(method: .get, route: "/api/jobs") == nil)
        #expect(AuditAction.of(method: .post, route: "/api/sources/preview") == nil)
    }

    @Test("Transmission RPC calls that change jobs are recorded; reads are not")
    func transmission() async throws {
        let api = TestAPI()
        _ = try await api.createToken("alice", role: .user)
        _ = try await api.createToken("vic", role: .viewer)
        let alice = try #require(await api.auth.user(named: "alice"))
        try await api.test { client in
            let rpc = TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("alice", "password-alice"))
            _ = try await rpc.call("torrent-add", #"{"filename":"https://example.com/v/rpc"}"#)
            _ = try await rpc.call("torrent-get", #"{"fields":["id"]}"#)
            _ = try await rpc.call("torrent-stop", #"{"ids":[1]}"#)
            let viewer = TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("vic", "password-vic"))
            _ = try await viewer.call("torrent-start", #"{"ids":[1]}"#)

            let entries = await api.audit.all.filter { $0.action.hasPrefix("transmission.") }
            #expect(entries.map(\.action) == ["transmission.torrent_add", "transmission.torrent_stop", "transmission.torrent_start"])
            #expect(entries.map(\.outcome) == [.success, .success, .denied])
            #expect(entries.first?.actor == AuditActor(userID: alice.id, name: "alice"))
            #expect(entries.first?.detail?["added"] != nil)
            #expect(entries[1].detail?["ids"] == .array([.number(1)]))
        }
    }
}
