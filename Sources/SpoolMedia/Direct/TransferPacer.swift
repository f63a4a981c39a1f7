import Foundation
import Synchronization

/// Keeps the connections of one download under a shared bandwidth limit (DOWNLOAD_RATE_LIMIT): each
/// received chunk books its share of time on one timeline, and its connection waits for its turn.
final class TransferPacer: Sendable {
    /// Bytes per second for all connections together.
    let bytesPerSecond: Double
    private let nextFree = Mutex<ContinuousClock.Instant?>(nil)

    /// Creates a pacer for `bytesPerSecond` (> 0).
    init(bytesPerSecond: Double) {
        self.bytesPerSecond = bytesPerSecond
    }

    /// Waits until `count` more bytes fit under the limit.
    func pace(_ count: Int) async throws {
        let now = ContinuousClock.now
        let cost = Duration.seconds(Double(count) / bytesPerSecond)
        let start = nextFree.withLock { next -> ContinuousClock.Instant in
            // Idle time is not saved up beyond a short burst.
            let begin = max(next ?? now, now - .milliseconds(250))
            next = begin + cost
            return begin
        }
        if start + cost > now {
            try await Task.sleep(until: start + cost, clock: .continuous)
        }
    }

    /// Bytes per second for yt-dlp's `--limit-rate` syntax: `500K`, `4.2M`, `1G`, `123` (binary
    /// multiples, as yt-dlp reads them); nil when it is not one.
    static func bytesPerSecond(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return nil }
        let multipliers: [Character: Double] = ["k": 1024, "m": 1024 * 1024, "g": 1024 * 1024 * 1024, "t": 1024 * 1024 * 1024 * 1024]
        var number = Substring(trimmed)
        var multiplier = 1.0
        if let found = multipliers[Character(last.lowercased())] {
            multiplier = found
            number = number.dropLast()
        } else if last == "B" || last == "b" {
            number = number.dropLast()
        }
        guard let value = Double(number), value > 0 else { return nil }
        return value * multiplier
    }
}
