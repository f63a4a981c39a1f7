import ServiceContextModule
import Synchronization
import Tracing

/// A span of ``OTLPTracer``: mutable until it ends, then handed to the exporter once.
final class OTLPSpan: Tracing.Span {
    private struct State {
        var name: String
        var attributes: SpanAttributes = [:]
        var events: [SpanEvent] = []
        var links: [SpanLink] = []
        var status: SpanStatus?
        var ended = false
    }

    /// The context naming this span (its `OTLPSpanContext` and whatever the parent carried).
    let context: ServiceContext
    private let spanContext: OTLPSpanContext
    private let parentSpanID: String?
    private let kind: SpanKind
    private let startNanos: UInt64
    private let state: Mutex<State>
    private let onEnd: @Sendable (OTLPFinishedSpan) -> Void

    init(
        name: String, context: ServiceContext, spanContext: OTLPSpanContext, parentSpanID: String?, kind: SpanKind, startNanos: UInt64,
        onEnd: @escaping @Sendable (OTLPFinishedSpan) -> Void
    ) {
        self.context = context
        self.spanContext = spanContext
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.startNanos = startNanos
        self.onEnd = onEnd
        state = Mutex(State(name: name))
    }

    var operationName: String {
        get { state.withLock { $0.name } }
        set { state.withLock { $0.name = newValue } }
    }

    var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    var isRecording: Bool { state.withLock { !$0.ended } }

    func setStatus(_ status: SpanStatus) {
        state.withLock { $0.status = status }
    }

    func addEvent(_ event: SpanEvent) {
        state.withLock { $0.events.append(event) }
    }

    func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        var details = attributes
        details["exception.type"] = "\(type(of: error))"
        details["exception.message"] = "\(error)"
        addEvent(SpanEvent(name: "exception", at: instant(), attributes: details))
    }

    func addLink(_ link: SpanLink) {
        state.withLock { $0.links.append(link) }
    }

    func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let endNanos = instant().nanosecondsSinceEpoch
        guard let finished = state.withLock({ state -> OTLPFinishedSpan? in
            guard !state.ended else { return nil }
            state.ended = true
            return OTLPFinishedSpan(
                name: state.name, context: spanContext, parentSpanID: parentSpanID, kind: kind,
                startNanos: startNanos, endNanos: endNanos, attributes: state.attributes, events: state.events,
                links: state.links.compactMap { $0.context.otlpSpanContext },
                status: state.status
            )
        }) else { return }
        onEnd(finished)
    }
}
