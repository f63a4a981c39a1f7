import Foundation
import SpoolMedia
import SpoolTesting
import Synchronization
import Testing

/// Time from `download` to the first progress event: plain yt-dlp vs a pre-started warm helper.
/// A benchmark, not a test: it runs only with `SPOOL_BENCHMARKS=1` and prints its numbers.
@Suite("yt-dlp start-up benchmark", .serialized, .enabled(if: ProcessInfo.processInfo.environment["SPOOL_BENCHMARKS"] == "1"))
struct YtDlpStartupBenchmark {
    static let runs = 7

    @Test("time to first progress, plain vs warm")
    func timeToFirstProgress() async throws {
        let video = try await TestMedia.generateVideo(seconds: 5)
        try await withMediaServer(video.deletingLastPathComponent()) { server in
            let url = server.url(for: video.lastPathComponent)
            let plain = try await withYtDlp(YtDlp.Configuration(warm: false)) { ytDlp in
                try await Self.measure(ytDlp, url: url, settle: .milliseconds(500))
            }
            let warm = try await withYtDlp { ytDlp in
                try await ytDlp.prewarm()
                return try await Self.measure(ytDlp, url: url, settle: .seconds(2))
            }
            print("time to first progress (median of \(Self.runs)): plain \(plain) ms, warm \(warm) ms, ratio \(String(format: "%.2f", Double(warm) / Double(plain)))")
            #expect(warm < plain)
        }
    }

    /// Median milliseconds from the call to the first progress event; `settle` lets the spare get ready.
    static func measure(_ ytDlp: YtDlp, url: String, settle: Duration) async throws -> Int {
        var samples: [Int] = []
        for _ in 0..<runs {
            try await Task.sleep(for: settle)
            let first = FirstEvent()
            let started = ContinuousClock.now
            _ = try await ytDlp.download(YtDlpRequest(url: url, workDirectory: try MediaTestSupport.makeWorkDirectory(), container: .mp4)) { event in
                if case .progress = event { first.mark() }
            }
            let elapsed = try #require(first.instant) - started
            samples.append(Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        }
        return samples.sorted()[samples.count / 2]
    }
}

/// The instant of the first event.
final class FirstEvent: Sendable {
    private let value = Mutex<ContinuousClock.Instant?>(nil)

    func mark() {
        value.withLock { if $0 == nil { $0 = .now } }
    }

    var instant: ContinuousClock.Instant? { value.withLock { $0 } }
}
