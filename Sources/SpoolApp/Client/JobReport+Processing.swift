import Foundation
import SpoolAPIModels

extension JobReport {
    /// `96.5 fps, 1.6× real time` while an encode reports them, else nil.
    static func encodeSpeed(_ progress: JobDTO.Progress) -> String? {
        let parts = [
            progress.fps.map { String(format: "%.1f fps", $0) },
            progress.speedFactor.map { String(format: "%.2f× real time", $0) },
        ].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The rows of the PROCESSING section: what the stage did, the file before and after, the
    /// time it took and the quality score.
    static func processingRows(_ report: ProcessingReportDTO) -> [(String, String?)] {
        let how: String = switch report.mode {
        case .skip: "nothing to do (no video stream)"
        case .copy: "streams copied (the file already met the profile)"
        case .encode: "encoded with \(report.encoder)"
        case .twoPass: "encoded in two passes with \(report.encoder)"
        }
        var ratio: String?
        if let before = report.input.size, let after = report.output.size, before > 0 {
            ratio = String(format: "%.0f%% of the original", Double(after) / Double(before) * 100)
        }
        return [
            ("Profile", report.profile),
            ("Result", how + (report.hardware ? " (hardware)" : "")),
            ("Why software", report.fallbackReason),
            ("Before", summary(report.input)),
            ("After", summary(report.output)),
            ("Size", ratio),
            ("Took", HumanFormat.duration(report.seconds) + (report.speed.map { String(format: " (%.2f× real time)", $0) } ?? "")),
            ("Quality", report.quality.map { "\($0.metric.rawValue) " + String(format: "%.4g", $0.value) + " on " + HumanFormat.duration($0.sampleSeconds) }),
            ("Original kept", report.originalPath),
        ]
    }

    /// `49.6 MiB, h264 1920×1080, 6.9 Mbit/s, 2 audio tracks`.
    private static func summary(_ file: ProcessingReportDTO.FileSummary) -> String {
        var parts: [String] = []
        if let size = file.size { parts.append(HumanFormat.bytes(size)) }
        let resolution: String? = if let width = file.width, let height = file.height { "\(width)×\(height)" } else { nil }
        let picture = [file.videoCodec, resolution].compactMap { $0 }.joined(separator: " ")
        if !picture.isEmpty { parts.append(picture) }
        if let bitRate = file.bitRate { parts.append(String(format: "%.1f Mbit/s", Double(bitRate) / 1_000_000)) }
        parts.append(file.audioTracks == 1 ? "1 audio track" : "\(file.audioTracks) audio tracks")
        return parts.joined(separator: ", ")
    }
}

