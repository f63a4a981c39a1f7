import ServiceContextModule
import Tracing

/// An OpenTelemetry tracer that hands ended spans to an ``OTLPExporter``, and reads and writes the
/// W3C `traceparent` header so that a caller's trace continues in Spool.
final class OTLPTracer: Tracer {
    typealias Span = OTLPSpan

    private let exporter: OTLPExporter

    init(exporter: OTLPExporter) {
        self.exporter = exporter
    }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind, at instant: @autoclosure () -> Instant,
        function: String, file fileID: String, line: UInt
    ) -> OTLPSpan {
        var context = context()
        let parent = context.otlpSpanContext
        let own = OTLPSpanContext.child(of: parent)
        context.otlpSpanContext = own
        let exporter = self.exporter
        return OTLPSpan(
            name: operationName, context: context, spanContext: own, parentSpanID: parent?.spanID, kind: kind,
            startNanos: instant().nanosecondsSinceEpoch, onEnd: { exporter.add($0) }
        )
    }

    func forceFlush() {
        exporter.flushSoon()
    }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract) where Extract.Carrier == Carrier {
        if let header = extractor.extract(key: "traceparent", from: carrier), let parent = OTLPSpanContext(traceparent: header) {
            context.otlpSpanContext = parent
        }
    }

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject) where Inject.Carrier == Carrier {
        if let own = context.otlpSpanContext {
            injector.inject(own.traceparent, forKey: "traceparent", into: &carrier)
        }
    }
}
