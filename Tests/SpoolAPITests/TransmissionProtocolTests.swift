import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import SpoolAPI
import SpoolCore
import Testing

@Suite("Transmission RPC: session id, auth, Host and the two message forms")
struct TransmissionProtocolTests {
    @Test("the 409 exchange: a missing or stale session id gets 409 with the id, which is then accepted on both paths")
    func sessionExchange() async throws {
        let api = TestAPI()
        _ = try await api.createToken("alice", role: .user)
        let basic = TransmissionTestClient.basic("alice", "password-alice")
        try await api.test { client in
            let body = ByteBuffer(string: #"{"method":"session-get","tag":3}"#)
            let first = try await client.execute(uri: "/transmission/rpc", method: .post, headers: [.authorization: basic], body: body)
            #expect(first.status == .conflict)
            let id = try #require(first.headers[TransmissionTestClient.sessionField])
            #expect(id.count == 48 && id.allSatisfy { $0.isLetter || $0.isNumber })
            #expect(first.headers[HTTPField.Name("X-Transmission-Rpc-Version")!] == "6.0.0")
            #expect(String(buffer: first.body).contains("409: Conflict"))

            let stale = try await client.execute(uri: "/transmission/rpc", method: .post, headers: [.authorization: basic, TransmissionTestClient.sessionField: "stale"], body: body)
            #expect(stale.status == .conflict && stale.headers[TransmissionTestClient.sessionField] == id)

            for path in ["/transmission/rpc", "/transmission/rpc/"] {
                let answer = try await client.execute(uri: path, method: .post, headers: [.authorization: basic, TransmissionTestClient.sessionField: id], body: body)
                #expect(answer.status == .ok, "\(path)")
                #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
                let value = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.readableBytesView))
                #expect(value["result"] == .string("success") && value["tag"] == .number(3))
                #expect(value["arguments"]?["session-id"] == .string(id))
            }
        }
    }

    @Test("basic auth with a password or a token, bearer tokens; wrong or missing credentials get 401 with a Basic challenge")
    func authentication() async throws {
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .user)
        try await api.test { client in
            let missing = try await client.execute(uri: "/transmission/rpc", method: .post, body: ByteBuffer(string: "{}"))
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=") == true)
            #expect(missing.headers[.contentType]?.hasPrefix("text/plain") == true, "never Spool's JSON error body")
            for wrong in [TransmissionTestClient.basic("alice", "nope"), TransmissionTestClient.basic("nobody", "password-alice"), "Basic !!!", "Bearer spl_bad_bad"] {
                let refused = try await client.execute(uri: "/transmission/rpc", method: .post, headers: [.authorization: wrong], body: ByteBuffer(string: "{}"))
                #expect(refused.status == .unauthorized, "\(wrong)")
            }
            for authorization in [TransmissionTestClient.basic("alice", "password-alice"), TransmissionTestClient.basic("anything", token), "Bearer \(token)"] {
                let rpc = TransmissionTestClient(client: client, authorization: authorization)
                #expect(try await rpc.call("session-get")["result"] == .string("success"), "\(authorization)")
            }
        }
    }

    @Test("failed password checks are throttled per client and user; right ones do not count; a remembered password is not checked again")
    func passwordRateLimit() async throws {
        let api = TestAPI { $0.loginRateLimit = RateLimit(limit: 2, per: .seconds(3600)) }
        _ = try await api.createToken("alice", role: .user)
        try await api.test { client in
            let good = TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("alice", "password-alice"))
            for _ in 0..<3 {
                #expect(try await good.call("session-stats")["result"] == .string("success"))
            }
            let wrong: HTTPFields = [.authorization: TransmissionTestClient.basic("alice", "wrong")]
            for _ in 0..<2 {
                let refused = try await client.execute(uri: "/transmission/rpc", method: .post, headers: wrong, body: nil)
                #expect(refused.status == .unauthorized)
            }
            let limited = try await client.execute(uri: "/transmission/rpc", method: .post, headers: wrong, body: nil)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test("viewers may read but not change: torrent-add and torrent-stop answer with an RPC error")
    func viewersReadOnly() async throws {
        let api = TestAPI()
        _ = try await api.createToken("victor", role: .viewer)
        let job = try await api.addJob()
        try await api.test { client in
            let rpc = TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("victor", "password-victor"))
            #expect(try await rpc.torrents(["id"]).count == 1)
            #expect(try await rpc.call("session-stats")["result"] == .string("success"))
            #expect(try await rpc.call("free-space", #"{"path":"/"}"#)["result"] == .string("success"))
            let added = try await rpc.call("torrent-add", #"{"filename":"https://example.com/v"}"#)
            #expect(added["result"] == .string("forbidden: torrent-add needs the user role; this user is a viewer"))
            #expect(try await rpc.call("torrent-stop", #"{"ids":[1]}"#)["result"] == .string("forbidden: torrent-stop needs the user role; this user is a viewer"))
            #expect(try await api.store.job(job.id)?.state == .queued)
        }
    }

    @Test("a Host that does not name the server gets 421 before anything else; whitelisted names pass")
    func hostAllowList() async throws {
        let api = TestAPI { $0.transmission = TransmissionConfiguration(hostWhitelist: ["*.example.com", "nas.lan"]) }
        _ = try await api.createToken("alice", role: .user)
        try await api.testLive { _, port in
            func status(host: String) async throws -> (Int, String) {
                let result = try await Curl.run(["-X", "POST", "-H", "Host: \(host)", "-d", "{}", "http://127.0.0.1:\(port)/transmission/rpc"])
                return (result.status, result.text)
            }
            let (refused, text) = try await status(host: "evil.attacker.net")
            #expect(refused == 421)
            #expect(text.contains("TRANSMISSION_HOST_WHITELIST"))
            #expect(try await status(host: "evil.attacker.net:9091").0 == 421)
            for allowed in ["localhost:9091", "127.0.0.1", "[::1]:9091", "192.168.1.20:9091", "box.example.com", "nas.lan:80"] {
                #expect(try await status(host: allowed).0 == 401, "\(allowed) passes the Host check and meets the auth check")
            }
        }
    }

    @Test("host patterns: names, wildcards, the bind address, IP literals and localhost")
    func hostFilter() {
        let filter = TransmissionHostFilter(TransmissionConfiguration(hostWhitelist: ["*.example.com", " NAS.lan "], bindHost: "spool.internal"))
        #expect(filter.allows("spool.internal:3000") && filter.allows("a.b.example.com") && filter.allows("nas.lan"))
        #expect(filter.allows("localhost.") && filter.allows("10.0.0.1") && filter.allows("[fe80::1]:80"))
        #expect(!filter.allows("example.com") && !filter.allows("nas.lan.evil.com") && !filter.allows(nil) && !filter.allows(""))
        #expect(!filter.allows("999.1.1.1") && !filter.allows("1.2.3"))
        #expect(TransmissionHostFilter(TransmissionConfiguration(hostWhitelist: ["*"])).allows("anything.at.all"))
    }

    @Test("errors keep the RPC's shape: bad JSON, unknown methods, bad arguments; the tag is echoed")
    func legacyErrors() async throws {
        let api = TestAPI()
        _ = try await api.createToken("alice", role: .user)
        try await api.test { client in
            let rpc = TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("alice", "password-alice"))
            let broken = try await rpc.post("{not json")
            #expect(broken.status == .ok)
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(broken.body.readableBytesView))
            #expect(value["result"] == .string("the request is not valid JSON") && value["arguments"] == .object([:]))
            let unknown = try await rpc.call("torrent-explode", tag: 42)
            #expect(unknown["result"] == .string("method name not recognized: torrent_explode") && unknown["tag"] == .number(42))
            let noFields = try await rpc.call("torrent-get")
            #expect(noFields["result"] == .string("no fields specified"))
            let badIDs = try await rpc.call("torrent-stop", #"{"ids":[1.5]}"#)
            #expect(badIDs["result"]?.stringValue?.contains("torrent ids") == true)
            let notObject = try await rpc.call("torrent-get", "[1]")
            #expect(notObject["result"] == .string("arguments must be an object"))
        }
    }

    @Test("JSON-RPC 2.0: snake_case methods and fields, result objects, error objects, notifications and batches")
    func jsonRPC() async throws {
        let api = TestAPI()
        _ = try await api.createToken("alice", role: .user)
        let job = try await api.addJob("https://example.com/v/jsonrpc", tags: ["x"])
        try await api.test { client in
            let rpc = TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("alice", "password-alice"))
            func decode(_ response: TestResponse) throws -> JSONValue {
                try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
            }
            let got = try decode(try await rpc.post(#"{"jsonrpc":"2.0","method":"torrent_get","params":{"fields":["id","hash_string","percent_done","labels","file_stats"]},"id":"a1"}"#))
            #expect(got["jsonrpc"] == .string("2.0") && got["id"] == .string("a1"))
            let torrent = try #require(got["result"]?["torrents"]?.arrayValue?.first)
            #expect(torrent["id"] == .number(1) && torrent["hash_string"] == .string(job.id.torrentHash))
            #expect(torrent["labels"] == .array([.string("x")]) && torrent["percent_done"] == .number(0))

            let session = try decode(try await rpc.post(#"{"jsonrpc":"2.0","method":"session_get","params":{"fields":["rpc_version","rpc_version_semver","download_queue_size"]},"id":2}"#))
            #expect(session["result"] == .object(["rpc_version": .number(18), "rpc_version_semver": .string("6.0.0"), "download_queue_size": .number(1)]))

            let unknown = try decode(try await rpc.post(#"{"jsonrpc":"2.0","method":"torrent_explode","id":3}"#))
            #expect(unknown["error"]?["code"] == .number(-32601) && unknown["error"]?["message"] == .string("Method not found") && unknown["id"] == .number(3))
            let badAdd = try decode(try await rpc.post(#"{"jsonrpc":"2.0","method":"torrent_add","params":{"filename":"magnet:?xt=urn:btih:abc"},"id":4}"#))
            #expect(badAdd["error"]?["code"] == .number(9))
            #expect(badAdd["error"]?["data"]?["error_string"]?.stringValue?.contains("magnet links") == true)
            let broken = try decode(try await rpc.post(#"{"jsonrpc":"2.0","method":"#))
            #expect(broken["error"]?["code"] == .number(-32700) && broken["id"] == .null)

            let notification = try await rpc.post(#"{"jsonrpc":"2.0","method":"torrent_stop","params":{"ids":[1]}}"#)
            #expect(notification.status == .noContent)
            #expect(try await api.store.job(job.id)?.state == .paused, "a notification still runs")
            let batch = try decode(try await rpc.post(#"[{"jsonrpc":"2.0","method":"session_stats","id":5},{"jsonrpc":"2.0","method":"torrent_start","params":{"ids":["\#(job.id.torrentHash)"]}},{"jsonrpc":"2.0","method":"nope","id":6}]"#))
            #expect(batch.arrayValue?.count == 2)
            #expect(batch.arrayValue?.first?["result"]?["torrent_count"] == .number(1))
            #expect(batch.arrayValue?.last?["error"]?["code"] == .number(-32601))
            #expect(try await api.store.job(job.id)?.state == .queued)
        }
    }
}
