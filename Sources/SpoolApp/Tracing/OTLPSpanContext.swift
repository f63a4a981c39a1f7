import ServiceContextModule

/// The W3C trace context of a span: its trace id, its own id and whether it is sampled.
struct OTLPSpanContext: Sendable, Equatable {
    /// 16 bytes, as 32 lowercase hex digits.
    var traceID: String
    /// 8 bytes, as 16 lowercase hex digits.
    var spanID: String
    /// The `sampled` flag of `traceparent`.
    var sampled = true

    /// A new span: in the trace of `parent`, or in a new trace.
    static func child(of parent: OTLPSpanContext?) -> OTLPSpanContext {
        OTLPSpanContext(traceID: parent?.traceID ?? randomHex(bytes: 16), spanID: randomHex(bytes: 8), sampled: parent?.sampled ?? true)
    }

    /// Reads a `traceparent` header (`00-<trace id>-<span id>-<flags>`); nil when malformed or
    /// all zeros, as the W3C recommendation asks.
    init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.prefix(4).allSatisfy({ $0.allSatisfy(\.isHexDigit) }),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }),
              let flags = UInt8(parts[3], radix: 16) else { return nil }
        self.init(traceID: parts[1].lowercased(), spanID: parts[2].lowercased(), sampled: flags & 1 == 1)
    }

    /// Creates a context from its parts.
    init(traceID: String, spanID: String, sampled: Bool = true) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    /// The `traceparent` header naming this span as the parent.
    var traceparent: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }

    private static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        repeat {
            text = (0..<bytes).map { _ in
                let byte = UInt8.random(in: 0...255, using: &generator)
                return String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
            }.joined()
        } while !text.contains(where: { $0 != "0" })
        return text
    }
}

/// Where a span's ``OTLPSpanContext`` travels in a `ServiceContext`.
enum OTLPSpanContextKey: ServiceContextKey {
    typealias Value = OTLPSpanContext
    static var nameOverride: String? { "otlp-span-context" }
}

extension ServiceContext {
    /// The current span's trace context, if any.
    var otlpSpanContext: OTLPSpanContext? {
        get { self[OTLPSpanContextKey.self] }
        set { self[OTLPSpanContextKey.self] = newValue }
    }
}
