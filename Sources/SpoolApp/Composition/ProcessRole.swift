import SpoolCore

/// What one Spool process does.
public enum ProcessRole: Sendable, Hashable {
    /// API and every stage in one process (`spool serve`, embedded or distributed).
    case all
    /// API, live events, web UI, orchestration; no media work (`spool gateway`).
    case gateway
    /// Consumes the queues of these stages (`spool worker --stage …`).
    case worker(Set<Stage>)

    /// Whether the process serves the HTTP API.
    var servesAPI: Bool {
        switch self {
        case .gateway, .all: true
        case .worker: false
        }
    }

    /// The stages this process runs: nil means every registered stage.
    var stages: Set<Stage>? {
        switch self {
        case .gateway: []
        case .worker(let stages): stages
        case .all: nil
        }
    }
}
