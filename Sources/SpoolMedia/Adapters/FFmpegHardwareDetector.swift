import Foundation
import SpoolCore

/// ``HardwareEncoderDetector`` on ffmpeg: `ffmpeg -encoders` lists what was compiled in, then each
/// hardware candidate makes a real 1 s test encode (``FFmpeg/hardwareTestArguments(for:)``) under a
/// timeout, at most ``concurrency`` at a time.
///
/// A candidate that fails is recorded with ffmpeg's reason (`Cannot load libcuda.so.1`,
/// `Device creation failed: -22.`); one that hangs is killed with its process group and recorded
/// as "timed out after 10 s".
public struct FFmpegHardwareDetector: HardwareEncoderDetector {
    /// The ffmpeg runner (its `killGrace` bounds how long a timed-out test takes to stop).
    public let ffmpeg: FFmpeg
    /// How long one test encode may take.
    public var timeout: Duration
    /// How many test encodes run at once.
    public var concurrency: Int

    /// Creates a detector.
    public init(_ ffmpeg: FFmpeg = FFmpeg(killGrace: .milliseconds(500)), timeout: Duration = .seconds(10), concurrency: Int = 2) {
        self.ffmpeg = ffmpeg
        self.timeout = timeout
        self.concurrency = max(concurrency, 1)
    }

    /// Lists and tests every compiled-in hardware encoder; never throws.
    public func detect() async -> HardwareReport {
        let checkedAt = Date()
        let listing: ToolOutput
        do {
            listing = try await ToolRunner.run(tool: "ffmpeg", program: ffmpeg.executable, arguments: ["-hide_banner", "-encoders"])
        } catch let error as MediaError {
            return HardwareReport(checkedAt: checkedAt, encoders: [], error: error.message)
        } catch {
            return HardwareReport(checkedAt: checkedAt, encoders: [], error: "ffmpeg -encoders could not run: \(error)")
        }
        guard listing.status.isSuccess else {
            let reason = FFmpegErrorLine.meaningful(in: listing.standardError) ?? "status \(listing.status)"
            return HardwareReport(checkedAt: checkedAt, encoders: [], error: "ffmpeg -encoders failed: \(reason)")
        }
        let candidates = FFmpeg.hardwareCandidates(inEncoderList: listing.standardOutput)
        return HardwareReport(checkedAt: checkedAt, encoders: await test(candidates))
    }

    /// Tests every candidate, ``concurrency`` at a time, keeping their order.
    func test(_ candidates: [HardwareEncoderStatus]) async -> [HardwareEncoderStatus] {
        var results = candidates
        await withTaskGroup(of: (Int, HardwareEncoderStatus).self) { group in
            var next = 0
            func startNext() {
                guard next < candidates.count else { return }
                let index = next
                next += 1
                group.addTask { (index, await test(candidates[index])) }
            }
            for _ in 0..<concurrency { startNext() }
            for await (index, status) in group {
                results[index] = status
                startNext()
            }
        }
        return results
    }

    /// One test encode with the timeout.
    func test(_ candidate: HardwareEncoderStatus) async -> HardwareEncoderStatus {
        var status = candidate
        let started = ContinuousClock.now
        let arguments = FFmpeg.hardwareTestArguments(for: candidate)
        let ffmpeg = ffmpeg
        let timeout = timeout
        do {
            // The first child to finish decides; the other is cancelled (a cancelled run's process
            // group gets SIGTERM, then SIGKILL after the runner's grace) and awaited.
            let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await ffmpeg.run(arguments, logLevel: "warning")
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return false
                }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
            status.works = finished
            status.error = finished ? nil : "timed out after \(Self.seconds(timeout)) s"
        } catch let error as MediaError {
            status.works = false
            status.error = FFmpegErrorLine.meaningful(in: error.stderrTail, limit: 2) ?? error.message
        } catch {
            status.works = false
            status.error = "\(error)"
        }
        let elapsed = ContinuousClock.now - started
        status.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return status
    }

    /// `10` for ten seconds, `0.5` for half a second.
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
