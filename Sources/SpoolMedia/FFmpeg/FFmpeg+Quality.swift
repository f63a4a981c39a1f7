import Foundation
import SpoolCore

extension FFmpeg {
    /// A full-reference score of `encoded` against `reference` on their first `sampleSeconds`:
    /// both start at 0, the encoded pictures are scaled to the reference's size (`scale2ref`), then
    /// ffmpeg's `ssim`, `psnr` or `libvmaf` filter compares them.
    public static func qualityArguments(reference: String, encoded: String, metric: QualityMetric, sampleSeconds: Double) -> [String] {
        let seconds = String(format: "%.3f", max(sampleSeconds, 0.1))
        let filter = switch metric {
        case .ssim: "ssim"
        case .psnr: "psnr"
        case .vmaf: "libvmaf"
        }
        let graph = "[0:V:0]setpts=PTS-STARTPTS[e0];[1:V:0]setpts=PTS-STARTPTS[r0];"
            + "[e0][r0]scale2ref=flags=bicubic[encoded][reference];[encoded][reference]\(filter)"
        return [
            "-t", seconds, "-i", fileURL(encoded), "-t", seconds, "-i", fileURL(reference),
            "-lavfi", graph, "-f", "null", "-",
        ]
    }

    /// The score a metric filter printed to stderr: `SSIM … All:0.987 (18.9)`, `PSNR … average:41.2 …`
    /// or `VMAF score: 95.1` (`inf` for identical pictures' PSNR).
    public static func qualityScore(metric: QualityMetric, in standardError: String) -> Double? {
        let (marker, key) = switch metric {
        case .ssim: ("SSIM ", "All:")
        case .psnr: ("PSNR ", "average:")
        case .vmaf: ("VMAF score", "VMAF score:")
        }
        guard let line = standardError.split(whereSeparator: \.isNewline).last(where: { $0.contains(marker) && $0.contains(key) }),
              let range = line.range(of: key)
        else { return nil }
        let value = line[range.upperBound...].trimmingCharacters(in: .whitespaces).prefix { !$0.isWhitespace }
        return Double(value)
    }

    /// Measures `metric` (see ``qualityArguments(reference:encoded:metric:sampleSeconds:)``).
    ///
    /// - Throws: ``MediaError`` `.toolFailed`: ffmpeg's reason, a clear one when this ffmpeg was
    ///   built without libvmaf, or that no score was printed.
    public func measureQuality(
        reference: String, encoded: String, metric: QualityMetric, sampleSeconds: Double, niceness: Int32 = 0
    ) async throws -> Double {
        let arguments = Self.qualityArguments(reference: reference, encoded: encoded, metric: metric, sampleSeconds: sampleSeconds)
        let report: String
        do {
            report = try await run(arguments, logLevel: "info", niceness: niceness)
        } catch let error as MediaError where metric == .vmaf && error.stderrTail.contains("No such filter: 'libvmaf'") {
            throw MediaError(
                code: .toolFailed, message: "this ffmpeg was built without libvmaf, so VMAF cannot be measured (ssim and psnr can)",
                tool: "ffmpeg", stderrTail: error.stderrTail, exitCode: error.exitCode
            )
        }
        guard let score = Self.qualityScore(metric: metric, in: report) else {
            throw MediaError(
                code: .toolFailed, message: "ffmpeg printed no \(metric.rawValue) score", tool: "ffmpeg",
                stderrTail: OutputTail(report).text
            )
        }
        return score
    }

    /// Decodes every video and audio frame of `path`, discarding them (`-f null -`).
    public static func decodeCheckArguments(_ path: String) -> [String] {
        ["-i", fileURL(path), "-map", "0:V?", "-map", "0:a?", "-f", "null", "-"]
    }

    /// Decodes the whole file; any error ffmpeg reports, even one it carried on after, fails the check.
    ///
    /// - Throws: ``MediaError`` `.toolFailed` with the first error line.
    public func checkDecodes(_ path: String, niceness: Int32 = 0) async throws {
        let report: String
        do {
            report = try await run(Self.decodeCheckArguments(path), logLevel: "error", niceness: niceness)
        } catch let error as MediaError where error.code == .toolFailed && error.exitCode != nil {
            let first = FFmpegErrorLine.first(in: error.stderrTail) ?? error.message
            throw MediaError(
                code: .toolFailed, message: "the file does not decode: \(first)", tool: "ffmpeg",
                stderrTail: error.stderrTail, exitCode: error.exitCode
            )
        }
        if let first = FFmpegErrorLine.first(in: report) {
            throw MediaError(
                code: .toolFailed, message: "the file does not decode cleanly: \(first)", tool: "ffmpeg",
                stderrTail: OutputTail(report).text
            )
        }
    }
}
