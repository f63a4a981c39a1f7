import Foundation
import SpoolCore
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
                    let deadline = ContinuousClock.now + .seconds(30)
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
                let deadline = ContinuousClock.now + .seconds(30)
                while !server.output.contains("job.id=\(id)"), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let line = server.output.split(separator: "\n").first { $0.contains("job added") && $0.contains(id) }
                #expect(line?.contains("hb.request.id=support-ticket-42") == true, "\(line ?? "no line")")
            }
        }

        @Test("with OTEL_EXPORTER_OTLP_ENDPOINT set, a collector receives the request's server span in the caller's trace and the download stage's span, as OTLP/JSON")
        func tracing() async throws {
            // The loopback receiver stands in for an OTLP/HTTP collector: it answers 200 and records each POST's JSON body.
            let collector = try await WebhookReceiver.start(paths: ["/v1/traces": [200]])
            defer { collector.stop() }
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                let url = files.url(for: media.lastPathComponent)
                try await withSpool(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": collector.url(""), "OTEL_SERVICE_NAME": "spool-e2e"]) { _, client in
                    try await Self.checkTraces(client: client, url: url, collector: collector)
                }
            }
        }

        /// Adds a job in a caller's trace and checks the spans the collector receives.
        static func checkTraces(client: E2EClient, url: String, collector: WebhookReceiver) async throws {
            let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
            let parent = "00f067aa0ba902b7"
            let added = try await client.send("POST", "/api/jobs", json: ["url": url], headers: [("traceparent", "00-\(trace)-\(parent)-01")])
            guard let id = added.body["job"]?["id"]?.stringValue else {
                Issue.record("no job: \(added.raw)")
                return
            }
            try await client.waitForStatus(id, in: ["COMPLETE"])
            let requests = try await collector.wait(timeout: .seconds(30), "the download's span") { requests in
                spans(in: requests).contains { isDownload($0, of: id) }
            }
            #expect(requests.allSatisfy { $0["path"]?.stringValue == "/v1/traces" && $0["content-type"]?.stringValue == "application/json" })
            let services = requests.flatMap { request -> [String] in
                guard case .array(let resources) = request["body"]?["resourceSpans"] ?? .null else { return [] }
                return resources.compactMap { attribute($0["resource"] ?? .null, "service.name") }
            }
            #expect(!services.isEmpty && Set(services) == ["spool-e2e"], "\(services)")
            let all = spans(in: requests)
            let server = all.first { $0["kind"]?.doubleValue == 2 && $0["traceId"]?.stringValue == trace }
            #expect(server?["parentSpanId"]?.stringValue == parent, "the request's span continues the caller's trace: \(all)")
            guard let download = all.first(where: { isDownload($0, of: id) }) else { return }
            #expect(download["status"]?["code"]?.doubleValue == 1, "the stage ended ok: \(download)")
            let start = Double(download["startTimeUnixNano"]?.stringValue ?? "") ?? 0
            let end = Double(download["endTimeUnixNano"]?.stringValue ?? "") ?? 0
            #expect(start > 0 && end > start)
        }

        /// Whether a span is the download stage of job `id`.
        static func isDownload(_ span: JSONValue, of id: String) -> Bool {
            span["name"]?.stringValue == "download" && attribute(span, "spool.job.id") == id
        }

        /// Every span in the collector's requests.
        static func spans(in requests: [JSONValue]) -> [JSONValue] {
            requests.flatMap { request -> [JSONValue] in
                guard case .array(let resources) = request["body"]?["resourceSpans"] ?? .null else { return [] }
                return resources.flatMap { resource -> [JSONValue] in
                    guard case .array(let scopes) = resource["scopeSpans"] ?? .null else { return [] }
                    return scopes.flatMap { scope -> [JSONValue] in
                        guard case .array(let spans) = scope["spans"] ?? .null else { return [] }
                        return spans
                    }
                }
            }
        }

        /// A span attribute's string value.
        static func attribute(_ span: JSONValue, _ key: String) -> String? {
            guard case .array(let attributes) = span["attributes"] ?? .null else { return nil }
            return attributes.first { $0["key"]?.stringValue == key }?["value"]?["stringValue"]?.stringValue
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
