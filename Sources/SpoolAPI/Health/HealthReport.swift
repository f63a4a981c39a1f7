import Foundation

/// The body of `GET /healthz`, produced by the composition root's health probe.
///
/// `status` is `ok` (HTTP 200) when every dependency is `ok`, else `degraded` (HTTP 503).
public struct HealthReport: Sendable, Codable, Hashable {
    /// The dependencies checked.
    public struct Dependencies: Sendable, Codable, Hashable {
        /// The job store.
        public var database: DependencyHealth
        /// The queue backend.
        public var queue: DependencyHealth
        /// The media volume (`freeBytes`, `mediaRoot`).
        public var filesystem: DependencyHealth
        /// External tools by name (`ytdlp`, `ffmpeg`, `ffprobe`, …) with their versions.
        public var tools: [String: DependencyHealth]

        /// Creates the dependency map.
        public init(database: DependencyHealth, queue: DependencyHealth, filesystem: DependencyHealth, tools: [String: DependencyHealth] = [:]) {
            self.database = database
            self.queue = queue
            self.filesystem = filesystem
            self.tools = tools
        }

        /// Every dependency's status.
        var statuses: [HealthStatus] {
            [database.status, queue.status, filesystem.status] + tools.values.map(\.status)
        }
    }

    /// `ok` when every dependency is ok, else `degraded`.
    public private(set) var status: HealthStatus
    /// Seconds since the process started.
    public var uptime: Double
    /// When the report was made.
    public var timestamp: Date
    /// Per-dependency states.
    public var dependencies: Dependencies

    /// Creates a report; `status` follows from the dependencies.
    public init(uptime: Double, timestamp: Date = Date(), dependencies: Dependencies) {
        self.status = dependencies.statuses.allSatisfy { $0 == .ok } ? .ok : .degraded
        self.uptime = uptime
        self.timestamp = timestamp
        self.dependencies = dependencies
    }

    /// Whether every dependency is ok.
    public var isHealthy: Bool { status == .ok }
}
