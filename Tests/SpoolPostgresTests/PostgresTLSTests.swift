import Foundation
import SpoolCore
import SpoolPostgres
import SpoolTesting
import Testing

@Suite("PostgreSQL over TLS: a server with ssl=on and generated certificates")
struct PostgresTLSTests {
    @Test("sslmode=verify-full with sslrootcert connects over TLS; plain TCP and an untrusted CA are refused")
    func verifiedTLS() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let server = try await PostgresServerProcess.start(tls: certificates)
        do {
            let name = try await server.createDatabase()
            let base = "postgres://postgres@127.0.0.1:\(server.port)/\(name)"
            // Whether a pool with this query string reaches the database (a refused handshake
            // fails, or leaves the pool retrying until the bound).
            func connects(_ query: String) async -> Bool {
                await withTaskGroup(of: Bool?.self) { group in
                    group.addTask {
                        do {
                            var configuration = try PostgresDatabase.Configuration(url: base + query)
                            configuration.connectTimeout = .seconds(10)
                            try await PostgresDatabase.withDatabase(configuration) { database in try await database.ping() }
                            return true
                        } catch {
                            return false
                        }
                    }
                    group.addTask {
                        try? await Task.sleep(for: .seconds(60))
                        return nil
                    }
                    let first = await group.next() ?? nil
                    group.cancelAll()
                    return first ?? false
                }
            }
            #expect(await connects("?sslmode=verify-full&sslrootcert=\(certificates.caFile)"), "TLS verified against the generated CA")
            #expect(await connects("?sslmode=verify-ca&sslrootcert=\(certificates.caFile)"))
            #expect(await connects("?sslmode=require"), "TLS without verification")
            #expect(!(await connects("?sslmode=disable")), "the server refuses TCP without TLS")
            #expect(!(await connects("?sslmode=verify-full&sslrootcert=\(certificates.otherCAFile)")), "a CA that did not sign the certificate")
            let parsed = try PostgresDatabase.Configuration(url: base + "?sslmode=verify-ca&sslrootcert=\(certificates.caFile)")
            #expect(parsed.tls == .verifyCA)
            #expect(parsed.caFile == certificates.caFile)
            #expect(throws: SpoolError.self) { try PostgresDatabase.Configuration(url: base + "?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem") }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
