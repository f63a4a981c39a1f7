import Logging
import ServiceLifecycle
import SpoolCore
import SpoolQueue
import SpoolWorker

/// The stores, queue and event bus a process runs on, and the long-running resources behind them.
/// ``SpoolServer`` builds every mode from one of these: ``embedded(_:logger:)`` (SQLite, in-process
/// events) or ``distributed(_:logger:)`` (PostgreSQL and Redis).
struct Backend: Sendable {
    /// Jobs, events and media records.
    let store: any JobStore
    /// Users and tokens.
    let auth: any AuthStore
    /// Followed sources, their profiles and listed videos (same database as the jobs).
    let sources: any SourceStore
    /// Edited and added processing profiles (same database as the jobs).
    let processingProfiles: any ProcessingProfileStore
    /// Batches of jobs added together (same database as the jobs).
    let batches: any BatchStore
    /// Webhook subscriptions, the delivery log and the notifier's cursor (same database as the jobs).
    let notifications: any NotificationStore
    /// The audit log (same database as the jobs).
    let audit: any AuditStore
    /// The queues of every stage.
    let driver: any JobQueueDriver
    /// Live event fan-out.
    let events: any EventBus
    /// `sqlite` or `postgresql`, for `/healthz`.
    let storeName: String
    /// `embedded` or `redis`, for `/healthz`.
    let queueName: String
    /// Long-running resources (database pool, Redis subscriber, wake-ups, fan-out): started
    /// first and stopped last.
    let resources: [any Service]
    /// Readies the backend once its resources run (migrations, stale leases); called before
    /// anything else uses it.
    let prepare: @Sendable (_ role: ProcessRole, _ workerID: String) async throws -> Void
    /// Releases what lives outside the service group (connection pools), after it stopped.
    let close: @Sendable () async -> Void
    /// Answers when the store does, for `/healthz` and `/health`.
    let ping: @Sendable () async throws -> Void
    /// How a process in `role` stops running work: its own stages, other workers', or both.
    let control: @Sendable (_ role: ProcessRole, _ running: RunningJobs) -> any JobControl
    /// What a process running stages needs besides them (stop commands, heartbeats).
    let workerServices: @Sendable (_ worker: WorkerIdentity, _ running: RunningJobs) -> [any Service]
    /// Live workers of a distributed deployment (heartbeats), nil in the embedded mode.
    let liveWorkers: (@Sendable () async throws -> [String])?
    /// 32 random bytes named `name` that every process of the deployment shares (the first to ask
    /// makes them): one process's own in the embedded mode, kept in Redis in the distributed one.
    let sharedSecret: @Sendable (_ name: String) async throws -> [UInt8]
}

extension Backend {
    /// 32 bytes from the system's random source.
    static func randomSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// Who a worker process is: its id, its stages, when it started.
struct WorkerIdentity: Sendable {
    /// The id in leases and heartbeats.
    let id: String
    /// The names of its stages, sorted.
    let stages: [String]
    /// When the process started.
    let startedAt: ContinuousClock.Instant
}
