import Prometheus
import ServiceLifecycle
import SpoolCore

/// Counts what happens to jobs as the event stream reports it, for alerting on failure rates and
/// stalls: `spool_jobs_finished_total{state}`, `spool_job_failures_total{code}`,
/// `spool_job_retries_total` and `spool_download_stalls_total`.
///
/// Runs where the API runs, which sees the events of every process of a deployment, so the
/// counters cover the whole deployment; like every Prometheus counter they start at zero when the
/// process starts.
struct JobOutcomeMetrics: Service {
    private let events: any EventBus
    private let finished: [JobState: Counter]
    private let failures: [String: Counter]
    private let retries: Counter
    private let stalls: Counter

    init(registry: PrometheusCollectorRegistry, events: any EventBus) {
        self.events = events
        finished = Dictionary(uniqueKeysWithValues: JobState.allCases.filter(\.isTerminal).map { state in
            (state, registry.makeCounter(name: "spool_jobs_finished_total", labels: [("state", state.rawValue)], help: "Jobs that reached a final state, by state."))
        })
        failures = Dictionary(uniqueKeysWithValues: (SpoolError.Code.allCases.map(\.rawValue) + ["other"]).map { code in
            (code, registry.makeCounter(name: "spool_job_failures_total", labels: [("code", code)], help: "Jobs that failed, by error code."))
        })
        retries = registry.makeCounter(name: "spool_job_retries_total", help: "Automatic retries of a job's stage after a failure.")
        stalls = registry.makeCounter(name: "spool_download_stalls_total", help: "Downloads restarted because they made no progress for STALL_TIMEOUT.")
    }

    /// Follows the event bus until shutdown.
    func run() async throws {
        let subscription = events.subscribe()
        try? await cancelWhenGracefulShutdown {
            for await event in subscription where event.type == .stateChange {
                count(event)
            }
        }
        subscription.finish()
    }

    /// Counts one `state_change` event.
    func count(_ event: JobEvent) {
        guard let state = event.payload["to"]?.stringValue.flatMap(JobState.init(rawValue:)) else { return }
        let reason = event.payload["reason"]?.stringValue ?? ""
        if state.isTerminal {
            finished[state]?.increment()
            if state == .failed {
                (failures[reason] ?? failures["other"])?.increment()
            }
        } else if reason == "stalled" {
            stalls.increment()
        } else if reason.hasPrefix("retry ") {
            retries.increment()
        }
    }
}
