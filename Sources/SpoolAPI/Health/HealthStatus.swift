/// How well a dependency (or the whole service) works.
public enum HealthStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Works.
    case ok
    /// Works partly (slow, nearly full, an optional tool missing).
    case degraded
    /// Does not work.
    case down
}
