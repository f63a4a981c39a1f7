import Foundation
import SpoolCore
import Synchronization

/// Turns an upload's byte counts into the job's progress: bytes of the files finished so far plus
/// the current file's, percent of all, speed over this attempt and the time left.
final class UploadMeter: Sendable {
    private struct State {
        var finishedBytes: Int64 = 0
        /// Bytes the bucket held of the current file before this attempt sent any.
        var currentBase: Int64?
        var currentBytes: Int64 = 0
        var sentBytes: Int64 = 0
        var sentBeforeCurrent: Int64 = 0
        var lastReport: ContinuousClock.Instant?
    }

    private let total: Int64
    private let reporter: ProgressReporter
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    /// A meter of `total` bytes reporting through `reporter`.
    init(total: Int64, reporter: ProgressReporter) {
        self.total = total
        self.reporter = reporter
    }

    /// Seconds since the meter began.
    var elapsed: Double {
        let duration = ContinuousClock.now - started
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The current file's upload moved (called for every chunk sent: a report goes out at most
    /// every 100 ms; the reporter throttles further).
    func current(_ progress: ObjectUploadProgress) {
        let now = ContinuousClock.now
        let snapshot = state.withLock { state -> JobProgress? in
            let base = state.currentBase ?? progress.storedBytes
            state.currentBase = base
            state.currentBytes = min(progress.totalBytes, max(progress.storedBytes, base + progress.sentBytes))
            state.sentBytes = state.sentBeforeCurrent + progress.sentBytes
            if let last = state.lastReport, now - last < .milliseconds(100) { return nil }
            state.lastReport = now
            return makeProgress(state)
        }
        guard let snapshot else { return }
        let reporter = self.reporter
        Task { await reporter.report(snapshot) }
    }

    /// A file is stored (or was already).
    func finished(bytes: Int64) async {
        let snapshot = state.withLock { state -> JobProgress in
            state.finishedBytes += bytes
            state.sentBeforeCurrent = state.sentBytes
            state.currentBase = nil
            state.currentBytes = 0
            return makeProgress(state)
        }
        await reporter.report(snapshot)
    }

    private func makeProgress(_ state: State) -> JobProgress {
        let done = min(total, state.finishedBytes + state.currentBytes)
        let seconds = elapsed
        let speed = seconds > 0.5 && state.sentBytes > 0 ? Double(state.sentBytes) / seconds : nil
        let eta = speed.map { Double(total - done) / max($0, 1) }
        let percent = total > 0 ? Double(done) * 100 / Double(total) : 100
        return JobProgress(stage: .upload, percent: percent, downloadedBytes: done, totalBytes: total, speed: speed, eta: eta)
    }
}
