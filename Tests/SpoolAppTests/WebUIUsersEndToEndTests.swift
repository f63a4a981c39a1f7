import Foundation
import Testing

extension EndToEnd {
    @Suite("Web UI users and tokens in headless Chromium")
    struct WebUIUsers {
        @Test("the Users page adds, re-roles, disables, enables, re-passwords and deletes a user; the API tokens page creates (secret shown once) and revokes a token; each change is in the audit log")
        func usersInBrowser() async throws {
            let python = try #require(WebUI.seleniumPython(), "scripts/test.sh installs selenium into .venv; run the tests through it")
            let screenshots = WebUI.repository.appendingPathComponent("screenshots/webui-users")
            try await withSpool { server, client in
                let (status, output) = try await WebUI.runFlow(python: python, script: "users_flow.py", arguments: [
                    "--server", server.baseURL, "--password", server.adminPassword, "--screenshots", screenshots.path,
                ])
                #expect(status == 0, "the browser flow failed:\n\(output.suffix(6_000))")
                #expect(output.contains("USERS OK"))
                let audit = try await client.send("GET", "/api/audit?actor=admin&limit=100")
                guard case .array(let entries) = try #require(audit.body["entries"]) else {
                    Issue.record("no entries: \(audit.raw)")
                    return
                }
                let actions = entries.compactMap { $0["action"]?.stringValue }
                for action in ["user.create", "user.update", "user.disable", "user.enable", "user.password_reset", "user.delete", "token.create", "token.revoke", "auth.login"] {
                    #expect(actions.contains(action), "\(action) is not in the audit log: \(actions)")
                }
            }
        }
    }
}
