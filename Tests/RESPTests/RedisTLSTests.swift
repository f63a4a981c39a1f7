import Foundation
import RESP
import SpoolTesting
import Testing

@Suite("rediss:// against redis-server with --tls-port and generated certificates")
struct RedisTLSTests {
    static func withTLSServer(_ body: (_ tlsPort: Int, TestCertificates) async throws -> Void) async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let tlsPort = try RedisServerProcess.freePort()
        try await RedisServerProcess.withServer(arguments: [
            "--tls-port", String(tlsPort), "--tls-cert-file", certificates.certificateFile, "--tls-key-file", certificates.keyFile,
            "--tls-ca-cert-file", certificates.caFile, "--tls-auth-clients", "no",
        ]) { _ in
            try await body(tlsPort, certificates)
        }
    }

    @Test("rediss:// with the CA file talks to the TLS port, by IP address and by name")
    func verifiedConnection() async throws {
        try await Self.withTLSServer { tlsPort, certificates in
            for host in ["127.0.0.1", "localhost"] {
                var configuration = try RedisConfiguration(url: "rediss://\(host):\(tlsPort)")
                configuration.tlsCAFile = certificates.caFile
                let connection = try await RedisConnection.connect(configuration: configuration)
                _ = try await connection.send("SET", "greeting", "over TLS")
                #expect(try await connection.send("GET", "greeting").string == "over TLS")
                await connection.close()
            }
        }
    }

    @Test("a CA that did not sign the certificate, and plain redis:// on the TLS port, are refused")
    func refusedConnections() async throws {
        try await Self.withTLSServer { tlsPort, certificates in
            var untrusted = try RedisConfiguration(url: "rediss://127.0.0.1:\(tlsPort)")
            untrusted.tlsCAFile = certificates.otherCAFile
            untrusted.commandTimeout = .seconds(20)
            await #expect(throws: RedisError.self) {
                let connection = try await RedisConnection.connect(configuration: untrusted)
                _ = try await connection.send("PING")
            }
            var plain = try RedisConfiguration(url: "redis://127.0.0.1:\(tlsPort)")
            plain.commandTimeout = .seconds(20)
            await #expect(throws: RedisError.self) {
                let connection = try await RedisConnection.connect(configuration: plain)
                _ = try await connection.send("PING")
            }
        }
    }
}
