import RESP
import SpoolTesting
import Testing

@Suite("Redis authentication (real redis-server with --requirepass)")
struct RedisAuthTests {
    static let password = "s3cret:/@pass"

    @Test("the password from the URL authenticates, on RESP3 and on RESP2")
    func password() async throws {
        try await RedisServerProcess.withServer(password: Self.password) { server in
            #expect(server.url.contains("%40"))
            for version in [RedisConfiguration.ProtocolVersion.resp3, .resp2] {
                var configuration = try RedisConfiguration(url: server.url)
                configuration.protocolVersion = version
                #expect(configuration.password == Self.password)
                let connection = try await RedisConnection.connect(configuration: configuration, logger: testLogger)
                #expect(try await connection.ping() == "PONG")
                await connection.close()
            }
        }
    }

    @Test("a wrong or missing password is an authentication error that names the cause")
    func wrongPassword() async throws {
        try await RedisServerProcess.withServer(password: Self.password) { server in
            for version in [RedisConfiguration.ProtocolVersion.resp3, .resp2] {
                let wrong = try server.configuration(protocolVersion: version, password: "nope")
                await #expect {
                    _ = try await RedisConnection.connect(configuration: wrong, logger: testLogger)
                } throws: { error in
                    guard case .authenticationFailed(let message) = error as? RedisError else { return false }
                    return message.hasPrefix("WRONGPASS") && !"\(error)".contains("nope")
                }
            }
            var missing = try server.configuration()
            missing.password = nil
            await #expect {
                _ = try await RedisConnection.connect(configuration: missing, logger: testLogger)
            } throws: { error in
                guard case .authenticationFailed(let message) = error as? RedisError else { return false }
                return message.hasPrefix("NOAUTH")
            }
        }
    }

    @Test("an ACL user logs in with its own password and is held to its key pattern")
    func aclUser() async throws {
        try await RedisServerProcess.withServer(password: Self.password) { server in
            try await server.withConnection { admin in
                try await admin.send("ACL", "SETUSER", "worker", "on", ">worker-pass", "~jobs:*", "+@all")
            }
            for version in [RedisConfiguration.ProtocolVersion.resp3, .resp2] {
                let configuration = try server.configuration(protocolVersion: version, username: "worker", password: "worker-pass")
                let worker = try await RedisConnection.connect(configuration: configuration, logger: testLogger)
                #expect(try await worker.send("ACL", "WHOAMI").string == "worker")
                try await worker.set("jobs:1", to: "queued")
                await #expect {
                    try await worker.set("other", to: "x")
                } throws: { error in
                    guard case .server(let code, _) = error as? RedisError else { return false }
                    return code == "NOPERM"
                }
                await worker.close()
            }
            let wrong = try server.configuration(username: "worker", password: "bad")
            await #expect(throws: RedisError.self) {
                _ = try await RedisConnection.connect(configuration: wrong, logger: testLogger)
            }
        }
    }

    @Test("CLIENT SETNAME from the configuration shows in CLIENT LIST")
    func clientName() async throws {
        try await RedisServerProcess.withServer { server in
            for version in [RedisConfiguration.ProtocolVersion.resp3, .resp2] {
                var configuration = try server.configuration(protocolVersion: version)
                configuration.clientName = "spool-worker-\(version.rawValue)"
                let connection = try await RedisConnection.connect(configuration: configuration, logger: testLogger)
                #expect(try await connection.send("CLIENT", "GETNAME").string == "spool-worker-\(version.rawValue)")
                await connection.close()
            }
        }
    }
}
