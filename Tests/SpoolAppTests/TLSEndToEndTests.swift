import Foundation
import SpoolTesting
import Testing

@Suite("TLS serving: spool serve with TLS_CERT_FILE and TLS_KEY_FILE", .serialized)
struct TLSEndToEndTests {
    @Test("curl --cacert and the spool client reach the HTTPS server; untrusted and plain HTTP clients do not")
    func servesHTTPS() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let server = try SpoolProcess(environment: ["TLS_CERT_FILE": certificates.certificateFile, "TLS_KEY_FILE": certificates.keyFile])
        try await server.start()
        do {
            #expect(server.output.contains("listening on https://127.0.0.1:"))
            let base = server.baseURL.replacingOccurrences(of: "http://", with: "https://")

            let health = try await ChildRun.run("/usr/bin/curl", ["-s", "--cacert", certificates.caFile, "-w", "\n%{http_code}", "\(base)/healthz"])
            #expect(health.status == 0, "\(health.output)")
            // 200, or 503 while a tool such as yt-dlp is missing: either way the health report came over TLS.
            #expect(health.stdout.contains("\"dependencies\""), "\(health.output)")

            let untrusted = try await ChildRun.run("/usr/bin/curl", ["-s", "--cacert", certificates.otherCAFile, "\(base)/healthz"])
            #expect(untrusted.status == 60, "curl refuses a certificate its CA file did not sign (exit 60)")
            let plain = try await ChildRun.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", server.baseURL + "/healthz"])
            #expect(plain.stdout != "200", "plain HTTP is not served on the TLS port")

            let login = try await ChildRun.run("/usr/bin/curl", [
                "-s", "--cacert", certificates.caFile, "-H", "Content-Type: application/json",
                "-d", #"{"username":"admin","password":"\#(server.adminPassword)"}"#, "\(base)/api/auth/login",
            ])
            let token = try #require(
                (try JSONSerialization.jsonObject(with: Data(login.stdout.utf8)) as? [String: Any])?["token"] as? String, "\(login.output)"
            )
            let listed = try await ChildRun.run(SpoolProcess.binary, ["ls", "--cacert", certificates.caFile], environment: [
                "SPOOL_SERVER": base, "SPOOL_TOKEN": token, "SPOOL_CA_FILE": nil,
            ])
            #expect(listed.status == 0, "\(listed.output)")
            let fromEnvironment = try await ChildRun.run(SpoolProcess.binary, ["ls"], environment: [
                "SPOOL_SERVER": base, "SPOOL_TOKEN": token, "SPOOL_CA_FILE": certificates.caFile,
            ])
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.output)")
            let refused = try await ChildRun.run(SpoolProcess.binary, ["ls"], environment: [
                "SPOOL_SERVER": base, "SPOOL_TOKEN": token, "SPOOL_CA_FILE": certificates.otherCAFile,
            ])
            #expect(refused.status != 0, "the client refuses a server its CA file did not sign")
            #expect(refused.output.lowercased().contains("certificate"), "\(refused.output)")
        } catch {
            await server.destroy()
            throw error
        }
        await server.destroy()
    }

    @Test("a missing certificate, an unreadable key or a key of another certificate stops the start with the reason")
    func badCertificatesStopTheStart() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let cases: [([String: String], String)] = [
            (["TLS_CERT_FILE": certificates.directory.appendingPathComponent("missing.pem").path, "TLS_KEY_FILE": certificates.keyFile],
             "TLS_CERT_FILE names"),
            (["TLS_CERT_FILE": certificates.certificateFile], "TLS_KEY_FILE are set together"),
            (["TLS_CERT_FILE": certificates.certificateFile, "TLS_KEY_FILE": certificates.caFile], "TLS_KEY_FILE names"),
            (["TLS_CERT_FILE": certificates.certificateFile, "TLS_KEY_FILE": certificates.otherKeyFile], "does not belong to the certificate"),
        ]
        for (environment, message) in cases {
            let server = try SpoolProcess(environment: environment)
            do {
                try await server.start()
                Issue.record("the server started with \(environment)")
            } catch SpoolProcessError.exited(let output) {
                #expect(output.contains(message), "\(output)")
            }
            await server.destroy()
        }
    }
}
