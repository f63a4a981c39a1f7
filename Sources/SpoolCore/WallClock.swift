import Foundation

/// The time as schedules see it: what time it is and waiting until a moment. Anything scheduled
/// (retries, source checks, retention sweeps) takes one, so tests can move time by hand.
public protocol WallClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Returns at `deadline` (at once when it has passed); throws `CancellationError` when cancelled.
    func sleep(until deadline: Date) async throws
}

/// The machine's clock.
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}

    /// `Date()`.
    public var now: Date { Date() }

    /// Sleeps for the time left until `deadline`.
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) }
        try Task.checkCancellation()
    }
}

extension WallClock where Self == SystemWallClock {
    /// The machine's clock.
    public static var system: SystemWallClock { SystemWallClock() }
}
