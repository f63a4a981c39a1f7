import Foundation
import SpoolAPIModels
import SpoolCore

/// The `spool sources add --preview` report: the counts, then the first entries with their decision.
///
/// ```
/// Listed 5: 2 would be queued, 2 seen (before the backlog), 1 filtered, 0 deferred.
///
///   queue     a1  2026-01-05  Episode 5
///   filtered  a3  2026-01-03  Trailer    shorter than 60 s (12 s)
/// ```
public struct SourcePreviewReport: Sendable {
    /// The preview.
    public var preview: SourcePreviewResponse

    /// Creates a report.
    public init(_ preview: SourcePreviewResponse) {
        self.preview = preview
    }

    /// The rendered lines.
    public func lines() -> [String] {
        var out = ["Listed \(preview.listed): \(preview.wouldQueue) would be queued, \(preview.seen) seen (before the backlog), "
            + "\(preview.filtered) filtered, \(preview.deferred) deferred."]
        guard !preview.entries.isEmpty else { return out }
        out.append("")
        let rows = preview.entries.map { entry in
            [entry.decision.rawValue, TextWidth.truncate(entry.mediaId, to: 24), entry.publishedAt.map(DayText.format) ?? "-",
             TextWidth.truncate(entry.title ?? "-", to: 48), entry.reason ?? ""]
        }
        let widths = (0..<4).map { index in rows.reduce(0) { Swift.max($0, TextWidth.of($1[index])) } }
        for row in rows {
            let cells = (0..<4).map { TextWidth.pad(row[$0], to: widths[$0]) } + [row[4]]
            out.append(("  " + cells.joined(separator: "  ")).trimmingTrailingSpaces)
        }
        if preview.listed > preview.entries.count {
            out.append("  … \(preview.listed - preview.entries.count) more")
        }
        return out
    }
}
