import Foundation
@testable import SpoolApp
import Testing
import Tracing

@Suite("OpenTelemetry tracing")
struct TracingTests {
    @Test("traceparent: a valid header is read; malformed, all-zero and version ff ones are not")
    func traceparent() throws {
        let context = try #require(OTLPSpanContext(traceparent: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
        #expect(context.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && context.spanID == "00f067aa0ba902b7" && context.sampled)
        #expect(context.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(OTLPSpanContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")?.sampled == false)
        for bad in [
            "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        ] {
            #expect(OTLPSpanContext(traceparent: bad) == nil, "\(bad)")
        }
    }

    @Test("a child keeps its parent's trace and gets its own span id; a root gets a new trace")
    func children() {
        let parent = OTLPSpanContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")
        let child = OTLPSpanContext.child(of: parent)
        #expect(child.traceID == parent.traceID && child.spanID != parent.spanID && child.spanID.count == 16)
        let root = OTLPSpanContext.child(of: nil)
        #expect(root.traceID.count == 32 && root.traceID != parent.traceID && root.traceID.allSatisfy(\.isHexDigit))
    }

    @Test("an ended span is encoded as OTLP/JSON: hex ids, kind numbers, 64-bit numbers as strings, typed attributes, status")
    func encoding() throws {
        var attributes = SpanAttributes()
        attributes["spool.job.id"] = "j1"
        attributes["spool.attempt"] = 2
        attributes["spool.ok"] = true
        let span = OTLPFinishedSpan(
            name: "download", context: OTLPSpanContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7"),
            parentSpanID: "1111111111111111", kind: .server, startNanos: 1_700_000_000_000_000_000, endNanos: 1_700_000_001_000_000_000,
            attributes: attributes, events: [], links: [], status: SpanStatus(code: .error, message: "HTTP Error 404")
        )
        let json = span.json
        #expect(json["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(json["parentSpanId"] as? String == "1111111111111111")
        #expect(json["kind"] as? Int == 2)
        #expect(json["startTimeUnixNano"] as? String == "1700000000000000000")
        let status = try #require(json["status"] as? [String: Any])
        #expect(status["code"] as? Int == 2 && status["message"] as? String == "HTTP Error 404")
        let encoded = try #require(json["attributes"] as? [[String: Any]])
        #expect(encoded.map { $0["key"] as? String } == ["spool.attempt", "spool.job.id", "spool.ok"])
        #expect((encoded[0]["value"] as? [String: Any])?["intValue"] as? String == "2")
        #expect((encoded[1]["value"] as? [String: Any])?["stringValue"] as? String == "j1")
        #expect((encoded[2]["value"] as? [String: Any])?["boolValue"] as? Bool == true)
        #expect(JSONSerialization.isValidJSONObject(json))
    }

    @Test("tracing is off without an endpoint; the base endpoint gets /v1/traces; a bad URL names its variable")
    func settings() throws {
        #expect(try SpoolConfiguration.fromEnvironment([:]).tracing.endpoint == nil)
        let base = try SpoolConfiguration.fromEnvironment(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"]).tracing
        #expect(base.endpoint?.absoluteString == "http://127.0.0.1:4318/v1/traces")
        let full = try SpoolConfiguration.fromEnvironment([
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://collector.example/traces",
            "OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer%20x, tenant=a",
        ]).tracing
        #expect(full.endpoint?.absoluteString == "https://collector.example/traces")
        #expect(full.headers.map(\.0) == ["authorization", "tenant"] && full.headers.first?.1 == "Bearer x")
        #expect(throws: ConfigurationError.self) { try SpoolConfiguration.fromEnvironment(["OTEL_EXPORTER_OTLP_ENDPOINT": "localhost:4318"]) }
    }
}
