import Foundation
import SpoolCore

/// Politeness towards the sites sources are listed from: one metadata session per site at a time,
/// a budget of sessions per hour, and a cool-down (30 min, doubling) after the site refused for rate.
///
/// In this process only: the sync workers of one deployment share it when they share a process;
/// separate `spool worker --stage sync` processes each keep their own.
public actor SiteGate {
    /// Limits.
    public struct Configuration: Sendable {
        /// Metadata sessions (listings, feed polls, lookups) per site and hour.
        public var lookupsPerHour: Int
        /// The first cool-down after a refusal; each refusal within the next doubles it.
        public var cooldown: TimeInterval
        /// The longest cool-down.
        public var maxCooldown: TimeInterval

        /// Creates limits (150 an hour, 30 min doubling up to 24 h by default).
        public init(lookupsPerHour: Int = 150, cooldown: TimeInterval = 1800, maxCooldown: TimeInterval = 86_400) {
            self.lookupsPerHour = lookupsPerHour
            self.cooldown = cooldown
            self.maxCooldown = maxCooldown
        }
    }

    /// Why a session may not start yet.
    public enum Wait: Sendable, Hashable {
        /// The site refused for rate; wait until then.
        case coolingDown(until: Date)
        /// This hour's budget is spent; a slot frees at the date.
        case overBudget(until: Date)

        /// When to try again.
        public var until: Date {
            switch self {
            case .coolingDown(let until), .overBudget(let until): until
            }
        }
    }

    private struct Site {
        var sessions: [Date] = []
        var cooldownUntil: Date?
        var lastCooldown: TimeInterval = 0
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let configuration: Configuration
    private let clock: any WallClock
    private var sites: [String: Site] = [:]

    /// Creates a gate.
    public init(configuration: Configuration = .init(), clock: any WallClock = SystemWallClock()) {
        self.configuration = configuration
        self.clock = clock
    }

    /// The site key of a URL: its host, lowercased, without `www.`/`m.` (`youtube.com`).
    public nonisolated static func site(of url: String) -> String {
        var host = URLComponents(string: url)?.host?.lowercased() ?? url
        for prefix in ["www.", "m.", "music."] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
        return host
    }

    /// Why a session with `site` may not start now, or nil when it may.
    public func wait(for site: String) -> Wait? {
        let now = clock.now
        var state = sites[site, default: Site()]
        if let until = state.cooldownUntil, until > now { return .coolingDown(until: until) }
        state.sessions.removeAll { $0 <= now.addingTimeInterval(-3600) }
        sites[site] = state
        if state.sessions.count >= configuration.lookupsPerHour, let oldest = state.sessions.first {
            return .overBudget(until: oldest.addingTimeInterval(3600))
        }
        return nil
    }

    /// Runs `body` as the site's only metadata session in this process, counted against the budget.
    public func session<T: Sendable>(_ site: String, count: Int = 1, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(site)
        sites[site, default: Site()].sessions.append(contentsOf: Array(repeating: clock.now, count: max(count, 1)))
        defer { release(site) }
        return try await body()
    }

    /// Counts `count` more lookups against the site's budget (within a session).
    public func spend(_ site: String, count: Int = 1) {
        sites[site, default: Site()].sessions.append(contentsOf: Array(repeating: clock.now, count: count))
    }

    /// Records that the site refused for rate; returns when the cool-down ends (30 min, doubling
    /// while refusals follow each other, capped).
    @discardableResult
    public func refused(_ site: String) -> Date {
        let now = clock.now
        var state = sites[site, default: Site()]
        let recent = (state.cooldownUntil.map { now.timeIntervalSince($0) < state.lastCooldown * 2 }) ?? false
        let length = recent ? min(state.lastCooldown * 2, configuration.maxCooldown) : configuration.cooldown
        state.lastCooldown = length
        state.cooldownUntil = now.addingTimeInterval(length)
        sites[site] = state
        return now.addingTimeInterval(length)
    }

    private func acquire(_ site: String) async {
        if !sites[site, default: Site()].busy {
            sites[site]?.busy = true
            return
        }
        await withCheckedContinuation { continuation in
            sites[site]?.waiters.append(continuation)
        }
    }

    private func release(_ site: String) {
        guard var state = sites[site] else { return }
        if state.waiters.isEmpty {
            state.busy = false
        } else {
            // The session passes straight to the next waiter (busy stays set).
            state.waiters.removeFirst().resume()
        }
        sites[site] = state
    }
}
