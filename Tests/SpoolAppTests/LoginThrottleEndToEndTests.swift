import Foundation
import Testing

extension EndToEnd {
    @Suite("Login throttle settings")
    struct LoginThrottleSettings {
        @Test("LOGIN_FAILURES_PER_USER=2/1h: the third wrong password for a name is 429 (the default allows 10); LOGIN_FAILURES_PER_ADDRESS=4/1h: the fifth failure from the address, for any name, is")
        func configuredLimits() async throws {
            try await withSpool(environment: ["LOGIN_FAILURES_PER_USER": "2/1h", "LOGIN_FAILURES_PER_ADDRESS": "4/1h"]) { server, _ in
                let anonymous = E2EClient(baseURL: server.baseURL, token: nil)
                func login(_ name: String, _ password: String) async throws -> E2EClient.Response {
                    try await anonymous.send("POST", "/api/auth/login", json: ["username": name, "password": password])
                }
                #expect(try await login("admin", "wrong-1").status == 401)
                #expect(try await login("admin", "wrong-2").status == 401)
                let limited = try await login("admin", "wrong-3")
                #expect(limited.status == 429)
                #expect(limited.body["error"]?["code"]?.stringValue == "rate_limited", "\(limited.raw)")
                #expect(try await login("admin", server.adminPassword).status == 429, "the name's budget at this address is spent")

                // Two failures so far from this address (a refused attempt takes nothing).
                #expect(try await login("carol", "wrong").status == 401)
                #expect(try await login("dave", "wrong").status == 401)
                #expect(try await login("erin", "wrong").status == 429, "the address's budget is spent")
            }
        }
    }
}
