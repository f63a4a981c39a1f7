import Instrumentation
import Logging
import Synchronization

/// Turns OpenTelemetry tracing on for the process when an OTLP endpoint is configured.
enum TracingSetup {
    private static let bootstrapped = Mutex(false)

    /// The exporter to run as a service, after making an ``OTLPTracer`` the process's tracer; nil
    /// when tracing is off (or another server in this process already set the tracer, which the
    /// tracing library allows only once).
    static func start(_ settings: TracingSettings, logger: Logger) -> OTLPExporter? {
        guard let endpoint = settings.endpoint else { return nil }
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else {
            logger.warning("tracing is already set up in this process; this server sends no spans of its own")
            return nil
        }
        let exporter = OTLPExporter(settings: settings, endpoint: endpoint, logger: logger)
        InstrumentationSystem.bootstrap(OTLPTracer(exporter: exporter))
        logger.info("tracing on", metadata: ["otlp.endpoint": "\(endpoint)", "service.name": "\(settings.serviceName)"])
        return exporter
    }
}
