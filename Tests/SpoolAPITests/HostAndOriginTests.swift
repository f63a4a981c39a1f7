import Foundation
import HummingbirdTesting
@testable import SpoolAPI
import Testing

@Suite("Host allow-list (DNS rebinding) and CORS allow-list")
struct HostAndOriginTests {
    @Test("with ALLOWED_HOSTS set, a rebinding Host gets 403; listed names, localhost and IP literals pass (curl)")
    func hostAllowList() async throws {
        let api = TestAPI { $0.allowedHosts = ["spool.example.com", "*.lan"] }
        let token = try await api.createToken("alice", role: .user)
        try await api.testLive { (_, port) async throws in
            func get(_ path: String, host: String) async throws -> Curl.Result {
                try await Curl.run(["-H", "Host: \(host)", "-H", "Authorization: Bearer \(token)", "http://127.0.0.1:\(port)\(path)"])
            }
            let refused = try await get("/api/jobs", host: "attacker.example.net")
            #expect(refused.status == 403)
            #expect(refused.text.contains("\"forbidden\""))
            #expect(refused.text.contains("ALLOWED_HOSTS"))
            #expect(try await get("/api/jobs", host: "attacker.example.net:\(port)").status == 403)
            #expect(try await get("/", host: "attacker.example.net").status == 403, "the web UI too")
            for allowed in ["spool.example.com", "spool.example.com:\(port)", "nas.lan", "localhost:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)", "192.168.1.20"] {
                #expect(try await get("/api/jobs", host: allowed).status == 200, "\(allowed) is allowed")
            }
            #expect(try await get("/healthz", host: "lb-probe.internal").status == 200, "the health check answers any name")
        }
    }

    @Test("without ALLOWED_HOSTS every Host is served, as before")
    func hostCheckOffByDefault() async throws {
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .user)
        try await api.testLive { (_, port) async throws in
            let result = try await Curl.run(["-H", "Host: any.name.example", "-H", "Authorization: Bearer \(token)", "http://127.0.0.1:\(port)/api/jobs"])
            #expect(result.status == 200)
        }
    }

    @Test("host patterns: IP literals and localhost always, the bind address once names are listed")
    func hostPatterns() {
        let off = HostAllowList(names: [], bindHost: "10.0.0.5")
        #expect(!off.isEnabled)
        #expect(off.allows("evil.example"))
        let list = HostAllowList(names: [" Spool.Example.com ", "*.lan"], bindHost: "box.internal")
        #expect(list.allows("spool.example.com:443"))
        #expect(list.allows("BOX.internal:3000"))
        #expect(list.allows("media.lan"))
        #expect(list.allows("10.1.2.3:3000"))
        #expect(list.allows("[fe80::1]:3000"))
        #expect(list.allows("app.localhost"))
        #expect(!list.allows("spool.example.com.evil.net"))
        #expect(!list.allows(nil))
        #expect(!list.allows(""))
    }

    @Test("CORS answers listed origins only, with curl")
    func corsAllowList() async throws {
        let api = TestAPI { $0.corsOrigins = ["https://app.example.com"] }
        try await api.testLive { (_, port) async throws in
            let preflight = try await Curl.run([
                "-X", "OPTIONS", "-H", "Origin: https://app.example.com", "-H", "Access-Control-Request-Method: POST",
                "-H", "Access-Control-Request-Headers: authorization, content-type", "http://127.0.0.1:\(port)/api/jobs",
            ])
            #expect(preflight.header("Access-Control-Allow-Origin") == "https://app.example.com")
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("POST") == true)

            let simple = try await Curl.run(["-H", "Origin: https://app.example.com", "http://127.0.0.1:\(port)/healthz"])
            #expect(simple.header("Access-Control-Allow-Origin") == "https://app.example.com")

            let other = try await Curl.run(["-H", "Origin: https://evil.example.net", "http://127.0.0.1:\(port)/healthz"])
            #expect(other.status == 200)
            #expect(other.header("Access-Control-Allow-Origin") == nil, "an origin not on the list gets no CORS headers")
            let otherPreflight = try await Curl.run([
                "-X", "OPTIONS", "-H", "Origin: https://evil.example.net", "-H", "Access-Control-Request-Method: POST", "http://127.0.0.1:\(port)/api/jobs",
            ])
            #expect(otherPreflight.header("Access-Control-Allow-Origin") == nil)
        }
    }
}
