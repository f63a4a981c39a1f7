/// Speed and time left of a transfer from periodic byte counts: the speed over a sliding window of
/// the last few seconds, smoothed further by an exponential moving average, so one slow second
/// does not make the ETA jump.
struct TransferMeter: Sendable {
    /// How far back the window reaches.
    let window: Duration
    /// Weight of the newest window speed in the average (0…1).
    let smoothing: Double
    private var samples: [(at: ContinuousClock.Instant, bytes: Int64)] = []
    private var average: Double?

    /// Creates a meter.
    init(window: Duration = .seconds(3), smoothing: Double = 0.3) {
        self.window = window
        self.smoothing = smoothing
    }

    /// Adds a sample (bytes transferred in this run so far, at `instant`); returns the smoothed speed
    /// in bytes per second, nil until there are two samples.
    mutating func record(_ bytes: Int64, at instant: ContinuousClock.Instant) -> Double? {
        samples.append((instant, bytes))
        while samples.count > 2, instant - samples[1].at >= window { samples.removeFirst() }
        guard let first = samples.first, samples.count >= 2 else { return nil }
        let span = (instant - first.at).components
        let elapsed = Double(span.seconds) + Double(span.attoseconds) / 1e18
        guard elapsed > 0 else { return average }
        let speed = Double(bytes - first.bytes) / elapsed
        average = average.map { smoothing * speed + (1 - smoothing) * $0 } ?? speed
        return average
    }

    /// Seconds left for `remaining` bytes at `speed`; nil when the speed is unknown or zero.
    static func eta(remaining: Int64, speed: Double?) -> Double? {
        guard let speed, speed > 0 else { return nil }
        return Double(max(0, remaining)) / speed
    }
}
