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
    /// A random pause before each download of a followed source's video, in seconds
    /// (SITE_DOWNLOAD_SLEEP, `MIN-MAX` or one number, default 5-10; 0 turns it off).
    public var downloadSleep: ClosedRange<Double>? = 5...10

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        syncConcurrency = try reader.int("SYNC_CONCURRENCY", range: 1...16) ?? syncConcurrency
        fastCheckInterval = try reader.duration("FAST_CHECK_INTERVAL") ?? fastCheckInterval
        lookupsPerHour = try reader.int("SITE_LOOKUPS_PER_HOUR", range: 1...100_000) ?? lookupsPerHour
        cooldown = try reader.duration("SITE_COOLDOWN") ?? cooldown
        if let text = reader.string("SITE_DOWNLOAD_SLEEP") {
            guard let range = Self.parseSleep(text) else {
                throw ConfigurationError(variable: "SITE_DOWNLOAD_SLEEP", message: "must be seconds like 5-10, 3 or 0, got '\(text)'")
            }
            downloadSleep = range.upperBound > 0 ? range : nil
        }
    }

    /// `5-10` → 5...10, `3` → 3...3; nil when malformed, negative or inverted.
    static func parseSleep(_ text: String) -> ClosedRange<Double>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil, low >= 0, low <= high else { return nil }
        return low...high
    }

    /// The politeness limits.
    var gate: SiteGate.Configuration {
        SiteGate.Configuration(lookupsPerHour: lookupsPerHour, cooldown: cooldown.timeInterval)
    }
}
