import Foundation
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Users and audit on the command line")
    struct UsersCommandLine {
        /// Runs `spool ARGUMENTS` with `input` on standard input (through `sh`, which pipes it).
        static func spool(_ arguments: [String], input: String? = nil, server: SpoolProcess, token: String?) async throws -> ChildRun.Result {
            let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            let script = input == nil ? "exec \"$SPOOL_BINARY\" \(quoted) </dev/null" : "printf '%s\\n' \"$SPOOL_INPUT\" | \"$SPOOL_BINARY\" \(quoted)"
            return try await ChildRun.run("/bin/sh", ["-c", script], environment: [
                "SPOOL_SERVER": server.baseURL, "SPOOL_TOKEN": token, "SPOOL_BINARY": SpoolProcess.binary, "SPOOL_INPUT": input,
                "XDG_CONFIG_HOME": server.dataDirectory.appendingPathComponent("config").path,
            ])
        }

        @Test("spool users add, ls, set-role, disable, enable, passwd and rm work against a real server; the last admin stays; spool audit lists every change")
        func users() async throws {
            try await withSpool { server, client in
                let token = client.token
                let added = try await Self.spool(["users", "add", "carol", "--role", "viewer"], input: "carol-password-1", server: server, token: token)
                #expect(added.status == 0, "\(added.output)")
                let listed = try await Self.spool(["users", "ls"], server: server, token: token)
                #expect(listed.status == 0)
                #expect(listed.output.contains("carol") && listed.output.contains("viewer"), "\(listed.output)")

                #expect(try await Self.spool(["users", "set-role", "carol", "user"], server: server, token: token).status == 0)
                let login = try await client.send("POST", "/api/auth/login", json: ["username": "carol", "password": "carol-password-1"])
                let carolToken = try #require(login.body["token"]?.stringValue)
                let carol = E2EClient(baseURL: server.baseURL, token: carolToken)
                #expect(try await carol.send("GET", "/api/jobs").status == 200)

                let disabled = try await Self.spool(["users", "disable", "carol"], server: server, token: token)
                #expect(disabled.status == 0, "\(disabled.output)")
                #expect(try await carol.send("GET", "/api/jobs").status == 401, "a disabled user's session ends at once")
                #expect(try await Self.spool(["users", "enable", "carol"], server: server, token: token).status == 0)
                let passwd = try await Self.spool(["users", "passwd", "carol"], input: "carol-password-2", server: server, token: token)
                #expect(passwd.status == 0, "\(passwd.output)")
                #expect(try await client.send("POST", "/api/auth/login", json: ["username": "carol", "password": "carol-password-2"]).status == 200)

                let lastAdmin = try await Self.spool(["users", "set-role", "admin", "viewer"], server: server, token: token)
                #expect(lastAdmin.status == 1, "a conflict exits with 1: \(lastAdmin.output)")
                #expect(lastAdmin.output.contains("last enabled administrator"))
                let asUser = try await Self.spool(["users", "ls"], server: server, token: carolToken)
                #expect(asUser.status == 3, "403 exits with 3: \(asUser.output)")

                #expect(try await Self.spool(["users", "rm", "carol"], server: server, token: token).status == 0)
                #expect(try await client.send("POST", "/api/auth/login", json: ["username": "carol", "password": "wrong-password"]).status == 401)

                let audit = try await Self.spool(["audit", "--action", "user.", "--limit", "20"], server: server, token: token)
                #expect(audit.status == 0, "\(audit.output)")
                for action in ["user.create", "user.update", "user.disable", "user.enable", "user.password_reset", "user.delete"] {
                    #expect(audit.output.contains(action), "\(action) missing:\n\(audit.output)")
                }
                let failed = try await Self.spool(["audit", "--action", "auth.login_failed", "--json"], server: server, token: token)
                #expect(failed.status == 0)
                #expect(failed.output.contains("\"name\" : \"carol\"") || failed.output.contains("\"name\":\"carol\""), "\(failed.output)")
                #expect(!failed.output.contains("wrong-password"))
                let paged = try await Self.spool(["audit", "--limit", "2"], server: server, token: token)
                #expect(paged.output.contains("More: --cursor"), "\(paged.output)")
                #expect(try await Self.spool(["audit"], server: server, token: carolToken).status == 3)
            }
        }
    }
}
