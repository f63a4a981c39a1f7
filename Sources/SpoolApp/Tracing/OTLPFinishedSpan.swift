import Tracing

/// A span that ended, as the exporter sends it.
struct OTLPFinishedSpan: Sendable {
    var name: String
    var context: OTLPSpanContext
    var parentSpanID: String?
    var kind: SpanKind
    var startNanos: UInt64
    var endNanos: UInt64
    var attributes: SpanAttributes
    var events: [SpanEvent]
    var links: [OTLPSpanContext]
    var status: SpanStatus?

    /// The span in OTLP's JSON encoding (ids as hex, 64-bit numbers as strings).
    var json: [String: Any] {
        var span: [String: Any] = [
            "traceId": context.traceID,
            "spanId": context.spanID,
            "name": name,
            "kind": Self.kindNumber(kind),
            "startTimeUnixNano": String(startNanos),
            "endTimeUnixNano": String(endNanos),
            "attributes": Self.json(attributes),
        ]
        if let parentSpanID { span["parentSpanId"] = parentSpanID }
        if !events.isEmpty {
            span["events"] = events.map { event in
                ["timeUnixNano": String(event.nanosecondsSinceEpoch), "name": event.name, "attributes": Self.json(event.attributes)] as [String: Any]
            }
        }
        if !links.isEmpty {
            span["links"] = links.map { ["traceId": $0.traceID, "spanId": $0.spanID] }
        }
        if let status {
            var encoded: [String: Any] = ["code": status.code == .ok ? 1 : 2]
            if let message = status.message { encoded["message"] = message }
            span["status"] = encoded
        }
        return span
    }

    /// OTLP's `SpanKind` numbers.
    static func kindNumber(_ kind: SpanKind) -> Int {
        switch kind {
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        default: 1
        }
    }

    /// Attributes as OTLP `KeyValue`s.
    static func json(_ attributes: SpanAttributes) -> [[String: Any]] {
        var list: [[String: Any]] = []
        attributes.forEach { key, attribute in
            list.append(["key": key, "value": value(attribute)])
        }
        return list.sorted { ($0["key"] as? String ?? "") < ($1["key"] as? String ?? "") }
    }

    private static func value(_ attribute: SpanAttribute) -> [String: Any] {
        switch attribute {
        case .int32(let number): ["intValue": String(number)]
        case .int64(let number): ["intValue": String(number)]
        case .double(let number): ["doubleValue": number]
        case .bool(let flag): ["boolValue": flag]
        case .string(let text): ["stringValue": text]
        case .stringConvertible(let value): ["stringValue": value.description]
        case .int32Array(let numbers): array(numbers.map { ["intValue": String($0)] })
        case .int64Array(let numbers): array(numbers.map { ["intValue": String($0)] })
        case .doubleArray(let numbers): array(numbers.map { ["doubleValue": $0] })
        case .boolArray(let flags): array(flags.map { ["boolValue": $0] })
        case .stringArray(let texts): array(texts.map { ["stringValue": $0] })
        case .stringConvertibleArray(let values): array(values.map { ["stringValue": $0.description] })
        default: ["stringValue": "\(attribute)"]
        }
    }

    private static func array(_ values: [[String: Any]]) -> [String: Any] {
        ["arrayValue": ["values": values]]
    }
}
