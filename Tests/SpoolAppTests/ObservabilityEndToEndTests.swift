import Foundation
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Observability")
    struct Observability {
        /// The repository root, found from this file's path.
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        @Test("/metrics counts finished and failed jobs, passes promtool's lint, and has every metric the alerts and the dashboard use")
        func metrics() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["MAX_RETRIES": "0"]) { server, client in
                    let good = try await client.addJob(["url": files.url(for: media.lastPathComponent)])
                    let missing = try await client.addJob(["url": files.url(for: "missing.mp4")])
                    try await client.waitForStatus(good, in: ["COMPLETE"])
                    try await client.waitForStatus(missing, in: ["FAILED"])

                    // The counters follow the event stream: give them a moment after the last state change.
                    var exposition = ""
                    let deadline = ContinuousClock.now + .seconds(10)
                    repeat {
                        exposition = try await client.send("GET", "/metrics").raw
                        if Self.value(exposition, #"spool_jobs_finished_total{state="FAILED"}"#) == 1 { break }
                        try await Task.sleep(for: .milliseconds(100))
                    } while ContinuousClock.now < deadline
                    #expect(Self.value(exposition, #"spool_jobs_finished_total{state="COMPLETE"}"#) == 1)
                    #expect(Self.value(exposition, #"spool_jobs_finished_total{state="FAILED"}"#) == 1)
                    let failures = exposition.split(separator: "\n").filter { $0.hasPrefix("spool_job_failures_total{") }
                    let failed: [Double] = failures.compactMap { line in line.split(separator: " ").last.flatMap { Double($0) } }
                    #expect(failed.reduce(0, +) == 1, "\(failures)")
                    #expect((Self.value(exposition, "spool_media_free_bytes") ?? 0) > 0)
                    #expect((Self.value(exposition, "spool_media_min_free_bytes") ?? 0) > 0)
                    #expect(Self.value(exposition, "spool_workers_live") == 1, "the embedded server is its own worker")
                    #expect(exposition.contains("spool_build_info{version="))

                    let file = server.dataDirectory.appendingPathComponent("metrics.txt")
                    try Data(exposition.utf8).write(to: file)
                    let lint = try await ChildRun.run("/bin/sh", ["-c", "promtool check metrics < '\(file.path)'"])
                    #expect(lint.status == 0, "\(lint.output)")

                    let exposed = Set(exposition.split(separator: "\n").compactMap { line -> String? in
                        let words = line.split(separator: " ")
                        return words.count >= 3 && words[1] == "TYPE" ? String(words[2]) : nil
                    })
                    for name in try Self.namesUsedByDeployFiles() {
                        #expect(exposed.contains(name), "\(name) is used by the alerts or the dashboard but /metrics does not have it")
                    }
                }
            }
        }

        @Test("every response carries a request id, and the server's log lines for that request name it")
        func requestID() async throws {
            try await withSpool { server, client in
                let added = try await client.send("POST", "/api/jobs", json: ["url": "http://127.0.0.1:9/a.mp4"], headers: [("X-Request-Id", "support-ticket-42")])
                #expect(added.status == 201)
                let id = try #require(added.body["job"]?["id"]?.stringValue)
                let refused = try await client.send("POST", "/api/jobs", json: ["url": "ftp://example.com/x"])
                #expect(refused.status == 400)
                let deadline = ContinuousClock.now + .seconds(5)
                while !server.output.contains("job.id=\(id)"), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let line = server.output.split(separator: "\n").first { $0.contains("job added") && $0.contains(id) }
                #expect(line?.contains("hb.request.id=support-ticket-42") == true, "\(line ?? "no line")")
            }
        }

        /// The value of the sample line that starts with `series`.
        static func value(_ exposition: String, _ series: String) -> Double? {
            exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
        }

        /// The `spool_…` metric names in deploy/prometheus/spool-alerts.yml and
        /// deploy/grafana/spool-dashboard.json, with a histogram's `_bucket`/`_sum`/`_count` removed.
        static func namesUsedByDeployFiles() throws -> Set<String> {
            let text = try ["deploy/prometheus/spool-alerts.yml", "deploy/grafana/spool-dashboard.json"].map {
                try String(contentsOf: repository.appendingPathComponent($0), encoding: .utf8)
            }.joined()
            return Set(text.matches(of: /spool_[a-z_]+/).map { match in
                let name = String(match.0)
                for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) && name.dropLast(suffix.count).hasSuffix("_seconds") {
                    return String(name.dropLast(suffix.count))
                }
                return name
            })
        }
    }
}
