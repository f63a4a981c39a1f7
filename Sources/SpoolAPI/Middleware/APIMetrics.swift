import Logging
import Prometheus
import Synchronization

/// The API's Prometheus metrics, registered once in the shared registry.
///
/// Labels are bounded: the route pattern (`/api/jobs/{id}`), never an id or a raw path.
struct APIMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    /// Open WebSocket connections.
    let webSocketConnections: Gauge
    /// Open SSE streams.
    let sseConnections: Gauge
    /// Open Engine.IO sessions on `/socket.io/` (polling or WebSocket).
    let socketIOConnections: Gauge
    /// Requests answered from ``ResponseReplay`` (also counted in `spool_http_requests_total`).
    let replayedRequests: Counter
    /// Metric handles per label set, so a request does not build label arrays in the registry.
    private let handles = HandleCache()

    private static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        webSocketConnections = registry.makeGauge(descriptor: Self.webSocketDescriptor)
        sseConnections = registry.makeGauge(descriptor: Self.sseDescriptor)
        socketIOConnections = registry.makeGauge(descriptor: Self.socketIODescriptor)
        replayedRequests = registry.makeCounter(descriptor: Self.replayedDescriptor)
    }

    /// Counts a finished request, records how long it took to produce its head, and logs it (path
    /// only: query strings may carry tokens), at `warning` for a 5xx and `debug` otherwise.
    func finishRequest(method: String, path: @autoclosure () -> String, route: String, status: Int, duration: Duration, logger: Logger) {
        let key = HandleCache.Key(method: method, route: route, status: status)
        let (counter, histogram) = handles.get(key) {
            (
                registry.makeCounter(descriptor: Self.requestsDescriptor, labels: [("method", method), ("route", route), ("status", String(status))]),
                registry.makeDurationHistogram(descriptor: Self.durationDescriptor, labels: [("method", method), ("route", route)], buckets: Self.buckets)
            )
        }
        counter.increment()
        histogram.record(duration)
        logger.log(
            level: status >= 500 ? .warning : .debug,
            "request",
            metadata: [
                "http.method": .string(method),
                "http.path": .string(path()),
                "http.route": .string(route),
                "http.status": .stringConvertible(status),
                "http.duration_ms": .stringConvertible(Int(duration.timeInterval * 1000)),
            ]
        )
    }

    private static var requestsDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spool", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests by method, route pattern and status."
        )
    }
    private static var durationDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spool", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time to produce the response head, by method and route pattern."
        )
    }
    private static var webSocketDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spool", subsystem: "ws", metricName: "connections", unitName: "",
            helpText: "Open WebSocket connections on /api/ws."
        )
    }
    private static var socketIODescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spool", subsystem: "socketio", metricName: "connections", unitName: "",
            helpText: "Open Socket.IO (Engine.IO) sessions on /socket.io/."
        )
    }
    private static var replayedDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spool", subsystem: "http", metricName: "replayed_requests", unitName: "total",
            helpText: "Requests answered on the event loop with a recorded, still exact response (also counted in spool_http_requests_total)."
        )
    }
    private static var sseDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spool", subsystem: "sse", metricName: "connections", unitName: "",
            helpText: "Open server-sent event streams on /api/events."
        )
    }
}

/// Counter and histogram per (method, route, status); the label sets are bounded by the routes.
private final class HandleCache: Sendable {
    struct Key: Hashable, Sendable {
        var method: String
        var route: String
        var status: Int
    }

    private let handles = Mutex<[Key: (Counter, DurationHistogram)]>([:])

    func get(_ key: Key, make: () -> (Counter, DurationHistogram)) -> (Counter, DurationHistogram) {
        if let found = handles.withLock({ $0[key] }) { return found }
        let made = make()
        handles.withLock { $0[key] = made }
        return made
    }
}
