import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("Health, metrics, OpenAPI, queue and errors")
struct SystemTests {
    @Test("/healthz answers 200 when every dependency is ok, 503 otherwise, without a token")
    func healthz() async throws {
        let api = TestAPI()
        try await api.test { client in
            let healthy = try await client.send(.get, "/healthz")
            #expect(healthy.status == .ok)
            let report = try healthy.decode(HealthReport.self)
            #expect(report.status == .ok && report.uptime == 12.5)
            #expect(report.dependencies.tools["ytdlp"]?.version == "2025.01.15")
            let filesystem = try #require((try healthy.object()["dependencies"] as? [String: Any])?["filesystem"] as? [String: Any])
            #expect(filesystem["mediaRoot"] as? String == "/media")

            api.healthy.isHealthy = false
            let degraded = try await client.send(.get, "/healthz")
            #expect(degraded.status == .serviceUnavailable)
            #expect(try degraded.decode(HealthReport.self).status == .degraded)
        }
    }

    @Test("/metrics needs a token unless public and exposes spool_ metrics with route patterns")
    func metrics() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let job = try await api.addJob()
        let depth = MetricNameDescriptor(namespace: "spool", metricName: "queue", unitName: "depth", helpText: "Entries per queue.")
        api.registry.makeGauge(descriptor: depth, labels: [("queue", "q:download")]).set(to: 1)
        try await api.test { client in
            #expect(try await client.send(.get, "/metrics").status == .unauthorized)
            _ = try await client.send(.get, "/api/jobs/\(job.id)", headers: bearer)
            _ = try await client.send(.get, "/api/nowhere", headers: bearer)
            let metrics = try await client.send(.get, "/metrics", headers: bearer)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains(#"spool_http_requests_total{method="GET",route="/api/jobs/{id}",status="200"} 1"#))
            #expect(text.contains(#"route="unmatched""#))
            #expect(text.contains("spool_http_request_duration_seconds_bucket"))
            #expect(text.contains("spool_ws_connections 0"))
            #expect(text.contains(#"spool_queue_depth{queue="q:download"} 1"#))
            #expect(!text.contains(job.id.rawValue))
        }
        let open = TestAPI { $0.metricsPublic = true }
        try await open.test { client in
            let response = try await client.send(.get, "/metrics")
            #expect(response.status == .ok)
        }
    }

    @Test("/api/openapi.yaml serves the OpenAPI 3.1 document without a token")
    func openAPI() async throws {
        let api = TestAPI()
        try await api.test { client in
            let response = try await client.send(.get, "/api/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            let text = response.text
            #expect(text.hasPrefix("openapi: 3.1"))
            for path in ["/api/jobs:", "/api/jobs/{id}:", "/api/jobs/{id}/move:", "/api/jobs/{id}/logs:", "/api/queue:", "/api/auth/login:",
                         "/api/auth/logout:", "/api/tokens:", "/api/tokens/{id}:", "/healthz:", "/metrics:", "/api/ws:", "/api/events:",
                         "/api/sources:", "/api/sources/preview:", "/api/sources/{id}:", "/api/sources/{id}/sync:", "/api/sources/{id}/media:",
                         "/api/sources/{id}/media/{mediaId}:", "/api/sources/{id}/media/{mediaId}/retry:", "/api/sources/{id}/retention:",
                         "/api/archive/failed:", "/api/profiles:", "/api/profiles/{id}:", "/api/retention:"] {
                #expect(text.contains("  \(path)\n"), "missing \(path)")
            }
        }
    }

    @Test("/api/queue reports counters for every stage queue, every state and free space")
    func queue() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.addJob()
        let canceled = try await api.addJob()
        try await api.service.apply(.cancel, to: canceled.id)
        try await api.test { client in
            let overview = try await client.send(.get, "/api/queue", headers: bearer).decode(QueueOverviewResponse.self)
            #expect(Set(overview.queues.keys) == ["q:download", "q:dub", "q:mux", "q:process", "q:upload"])
            #expect(overview.queues["q:download"]?.pending == 1)
            #expect(overview.counts["QUEUED"] == 1 && overview.counts["CANCELED"] == 1 && overview.counts["COMPLETE"] == 0)
            #expect(overview.counts.count == JobState.allCases.count)
            #expect(overview.freeBytes == 100 << 30)
        }
    }

    @Test("/api/queue reports a download queue paused on a full disk, and nothing once it goes on")
    func pausedQueue() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        api.pauses.pause(QueuePause(queue: "q:download", reason: "No space left on device", since: since, freeBytes: 0, resumeAtBytes: 1 << 30))
        try await api.test { client in
            let response = try await client.send(.get, "/api/queue", headers: bearer)
            let overview = try response.decode(QueueOverviewResponse.self)
            let pause = try #require(overview.paused["q:download"])
            #expect(pause.reason == "No space left on device" && pause.freeBytes == 0 && pause.resumeAtBytes == 1 << 30 && pause.since == since)
            api.pauses.resume("q:download")
            let resumed = try await client.send(.get, "/api/queue", headers: bearer)
            #expect(try resumed.decode(QueueOverviewResponse.self).paused.isEmpty)
            let object = try resumed.object()
            #expect((object["paused"] as? [String: Any])?.isEmpty == true, "always present")
        }
    }

    @Test("unknown routes answer a JSON 404 and never a stack trace")
    func notFound() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.get, "/api/nowhere", headers: bearer)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
            let plainWebSocket = try await client.send(.get, "/api/ws", headers: bearer)
            #expect(plainWebSocket.status == .upgradeRequired)
        }
    }

    @Test("the static web UI is served from the public directory with index.html at /")
    func staticFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<h1>Spool</h1>".utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data("export {}".utf8).write(to: directory.appendingPathComponent("app.js"))
        let api = TestAPI { $0.publicDirectory = directory.path }
        try await api.test { client in
            let index = try await client.send(.get, "/")
            #expect(index.status == .ok && index.text == "<h1>Spool</h1>")
            #expect(try await client.send(.get, "/app.js").text == "export {}")
            #expect(try await client.send(.get, "/../../etc/passwd").status != .ok)
            #expect(try await client.send(.get, "/%2e%2e/%2e%2e/etc/passwd").status != .ok)
            #expect(try await client.send(.get, "/api/jobs").status == .unauthorized)
        }
    }
}

@Suite("Method handling")
struct MethodTests {
    @Test("a known path with another method answers 405 with Allow; HEAD works where GET does")
    func methodNotAllowed() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.put, "/api/jobs", headers: bearer)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, HEAD, POST")
            let login = try await client.send(.get, "/api/auth/login")
            #expect(login.status == .methodNotAllowed)
            #expect(try await client.send(.head, "/healthz").status == .ok)
        }
    }

    @Test("every response, errors included, carries X-Request-Id; a caller's well-formed id is kept, anything else replaced")
    func requestID() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let healthy = try await client.send(.get, "/healthz")
            let generated = try #require(healthy.headers[.init("X-Request-Id")!])
            #expect(generated.count >= 16 && generated.allSatisfy(\.isHexDigit), "\(generated)")
            let other = try await client.send(.get, "/healthz").headers[.init("X-Request-Id")!]
            #expect(other != generated, "each request gets its own id")

            let given = HTTPField(name: .init("X-Request-Id")!, value: "proxy-7f3a:1")
            for (path, headers, status) in [
                ("/api/jobs", HTTPFields([given]), HTTPResponse.Status.unauthorized),
                ("/api/nowhere", bearer + [given], .notFound),
                ("/api/jobs", bearer + [given], .ok),
            ] {
                let response = try await client.send(.get, path, headers: headers)
                #expect(response.status == status, "\(path)")
                #expect(response.headers[.init("X-Request-Id")!] == "proxy-7f3a:1", "\(path)")
            }
            for bad in ["has space", String(repeating: "a", count: 129), "<script>"] {
                let response = try await client.send(.get, "/healthz", headers: [.init("X-Request-Id")!: bad])
                let id = try #require(response.headers[.init("X-Request-Id")!])
                #expect(id != bad && id.allSatisfy(\.isHexDigit), "\(bad.debugDescription) → \(id)")
            }
        }
    }
}
