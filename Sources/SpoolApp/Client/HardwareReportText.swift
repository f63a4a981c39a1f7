import Foundation
import SpoolAPIModels

/// The `spool hw` report: each hardware encoder ffmpeg has, with `ok` or the reason its test
/// encode failed.
///
/// ```
/// Hardware encoders (checked 2026-11-22 16:43:07):
///   hevc_nvenc  nvenc  hevc  failed: Cannot load libcuda.so.1
///   h264_vaapi  vaapi  h264  ok (0.41 s)
/// ```
public struct HardwareReportText: Sendable {
    /// The detection.
    public var report: HardwareReportDTO

    /// Creates a report.
    public init(report: HardwareReportDTO) {
        self.report = report
    }

    /// The rendered lines.
    public func lines() -> [String] {
        let checked = "(checked \(HumanFormat.date(report.checkedAt)))"
        if let error = report.error {
            return ["No hardware encoder could be tested \(checked): \(SourceTable.oneLine(error))", "Transcodes run in software."]
        }
        guard !report.encoders.isEmpty else {
            return ["ffmpeg has no hardware video encoders \(checked); transcodes run in software."]
        }
        let rows = report.encoders.map { [$0.name, $0.api.rawValue, $0.codec.rawValue] }
        let widths = (0..<3).map { index in rows.reduce(0) { Swift.max($0, TextWidth.of($1[index])) } }
        var lines = ["Hardware encoders \(checked):"]
        for (encoder, row) in zip(report.encoders, rows) {
            let cells = row.enumerated().map { TextWidth.pad($1, to: widths[$0]) }.joined(separator: "  ")
            let result = encoder.works
                ? "ok (\(String(format: "%.2f", encoder.seconds)) s)"
                : "failed: " + SourceTable.oneLine(encoder.error ?? "no reason given")
            lines.append("  " + cells + "  " + result)
        }
        let working = report.encoders.filter(\.works).count
        lines.append(working == 0 ? "None works here; profiles asking for the GPU encode in software." : "\(working) of \(report.encoders.count) work.")
        return lines
    }
}
