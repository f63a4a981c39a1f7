/// The state of one dependency in `/healthz`; members that do not apply are left out.
public struct DependencyHealth: Sendable, Codable, Hashable {
    /// Whether it works.
    public var status: HealthStatus
    /// What is wrong, or a short note (`sqlite`, `redis://…` without credentials).
    public var message: String?
    /// Tool version (`2025.01.15` for yt-dlp).
    public var version: String?
    /// Free bytes (filesystem).
    public var freeBytes: Int64?
    /// The media root (filesystem).
    public var mediaRoot: String?
    /// How long the check took, in milliseconds.
    public var latencyMs: Double?

    /// Creates a dependency state.
    public init(status: HealthStatus, message: String? = nil, version: String? = nil, freeBytes: Int64? = nil, mediaRoot: String? = nil, latencyMs: Double? = nil) {
        self.status = status
        self.message = message
        self.version = version
        self.freeBytes = freeBytes
        self.mediaRoot = mediaRoot
        self.latencyMs = latencyMs
    }

    /// A working dependency.
    public static let ok = DependencyHealth(status: .ok)

    /// A failed dependency with a reason.
    public static func down(_ message: String) -> DependencyHealth {
        DependencyHealth(status: .down, message: message)
    }
}
