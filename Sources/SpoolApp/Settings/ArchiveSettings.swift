import SpoolWorker

/// Followed sources: how many checks run at once, how often feeds are polled, and politeness
/// towards the sites.
public struct ArchiveSettings: Sendable {
    /// Source checks at once (SYNC_CONCURRENCY, default 1).
    public var syncConcurrency: Int = 1
    /// How often a source's Atom feed is polled between checks (FAST_CHECK_INTERVAL, default 10m; 0 turns it off).
    public var fastCheckInterval: Duration = .seconds(600)
    /// Metadata sessions (listings, feed polls) per site and hour (SITE_LOOKUPS_PER_HOUR, default 150).
    public var lookupsPerHour: Int = 150
    /// The first cool-down after a site refused for rate, doubled while refusals follow (SITE_COOLDOWN, default 30m).
    public var cooldown: Duration = .seconds(1800)

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        syncConcurrency = try reader.int("SYNC_CONCURRENCY", range: 1...16) ?? syncConcurrency
        fastCheckInterval = try reader.duration("FAST_CHECK_INTERVAL") ?? fastCheckInterval
        lookupsPerHour = try reader.int("SITE_LOOKUPS_PER_HOUR", range: 1...100_000) ?? lookupsPerHour
        cooldown = try reader.duration("SITE_COOLDOWN") ?? cooldown
    }

    /// The politeness limits.
    var gate: SiteGate.Configuration {
        SiteGate.Configuration(lookupsPerHour: lookupsPerHour, cooldown: cooldown.timeInterval)
    }
}
