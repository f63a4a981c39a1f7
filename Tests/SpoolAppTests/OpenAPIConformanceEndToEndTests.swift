import Foundation
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("OpenAPI conformance")
    struct OpenAPIConformance {
        /// The `schemathesis` installed by scripts/test.sh next to yt-dlp.
        static var schemathesis: String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/schemathesis"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
            return nil
        }

        @Test("schemathesis finds no difference between /api/openapi.yaml and the server")
        func fuzzAgainstDocument() async throws {
            let tool = try #require(Self.schemathesis, "scripts/test.sh installs schemathesis; run the tests through it")
            // A stand-in yt-dlp that reports a version and refuses every download: generated jobs
            // (example URLs included) must never reach beyond this machine.
            let fake = FileManager.default.temporaryDirectory.appendingPathComponent("spool-offline-yt-dlp-\(UUID().uuidString.prefix(8))")
            try """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo 2026.10.26; exit 0; fi
            echo "ERROR: downloads are disabled in this test" >&2
            exit 1
            """.write(to: fake, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
            defer { try? FileManager.default.removeItem(at: fake) }
            try await withSpool(environment: ["YTDLP_PATH": fake.path, "LOG_LEVEL": "warning"]) { server, client in
                // A fresh working folder: schemathesis keeps a cache of earlier failures in its cwd.
                let workFolder = server.dataDirectory.appendingPathComponent("schemathesis")
                try FileManager.default.createDirectory(at: workFolder, withIntermediateDirectories: true)
                let run = try await ChildRun.run(tool, [
                    "run", server.baseURL + "/api/openapi.yaml", "--url", server.baseURL,
                    "-H", "Authorization: Bearer \(client.token ?? "")",
                    // Streams never end (Socket.IO's long polls neither); logout and token revocation
                    // would end the fuzzer's own session.
                    "--exclude-path-regex", "^(/api/(events|ws|auth/logout|tokens/\\{id\\})|/socket\\.io)$",
                    // Domain rules (e.g. template components) are stricter than a schema can say.
                    "--exclude-checks", "positive_data_acceptance",
                    "--max-examples", "20", "--phases", "examples,coverage,fuzzing", "--seed", "20261122",
                    "--no-color",
                ], directory: workFolder)
                let output = run.output
                #expect(run.status == 0, "schemathesis found problems:\n\(output.suffix(6_000))")
                #expect(output.contains("passed"))
            }
        }
    }
}
