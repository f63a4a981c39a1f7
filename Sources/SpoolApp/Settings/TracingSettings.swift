import Foundation

/// OpenTelemetry tracing: off unless an OTLP endpoint is set; spans go over OTLP/HTTP (JSON).
public struct TracingSettings: Sendable {
    /// Where spans are sent: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or
    /// OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces` appended; nil turns tracing off.
    public var endpoint: URL?
    /// The `service.name` of every span (OTEL_SERVICE_NAME, default `spool`).
    public var serviceName = "spool"
    /// Extra request headers for the collector (OTEL_EXPORTER_OTLP_HEADERS, `key=value,key2=value2`).
    public var headers: [(String, String)] = []

    /// Tracing off.
    public init() {}

    init(reader: EnvironmentReader) throws {
        if let traces = reader.string("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            endpoint = try Self.url(traces, variable: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        } else if let base = reader.string("OTEL_EXPORTER_OTLP_ENDPOINT") {
            let url = try Self.url(base, variable: "OTEL_EXPORTER_OTLP_ENDPOINT")
            endpoint = url.appendingPathComponent("v1").appendingPathComponent("traces")
        }
        serviceName = reader.string("OTEL_SERVICE_NAME") ?? serviceName
        if let text = reader.string("OTEL_EXPORTER_OTLP_HEADERS") {
            headers = try text.split(separator: ",").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw ConfigurationError(variable: "OTEL_EXPORTER_OTLP_HEADERS", message: "must be key=value pairs separated by commas")
                }
                return (parts[0], parts[1].removingPercentEncoding ?? parts[1])
            }
        }
    }

    private static func url(_ text: String, variable: String) throws -> URL {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw ConfigurationError(variable: variable, message: "must be an http(s) URL like http://127.0.0.1:4318, got '\(text)'")
        }
        return url
    }
}
