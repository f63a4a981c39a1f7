import SpoolAPIModels
import SpoolCore

/// The `spool sources ls` table: one row per source with its next check, its counts and its last error.
///
/// ```
/// ID  Name  Enabled  Next check           Listed  New  Queued  Done  Failed  Last error
/// 1   News  yes      2026-11-22 16:43:07       5    0       0     2       0  -
/// ```
public struct SourceTable: Sendable {
    /// Rows to show.
    public var sources: [SourceDTO]
    /// Terminal width; the last error is cut to fit. Nil leaves it whole.
    public var width: Int?

    /// Creates a table.
    public init(sources: [SourceDTO], width: Int? = nil) {
        self.sources = sources
        self.width = width
    }

    private struct Column: Sendable {
        var title: String
        var alignLeft: Bool
        var value: @Sendable (SourceDTO) -> String
    }

    private static let columns: [Column] = [
        Column(title: "ID", alignLeft: true) { String($0.id) },
        Column(title: "Name", alignLeft: true) { TextWidth.truncate($0.name, to: 32) },
        Column(title: "Enabled", alignLeft: true) { $0.enabled ? "yes" : "no" },
        Column(title: "Next check", alignLeft: true) { $0.enabled ? HumanFormat.date($0.status.nextCheckAt) : "-" },
        Column(title: "Listed", alignLeft: false) { String($0.progress.listed) },
        Column(title: "New", alignLeft: false) { String($0.progress.new) },
        Column(title: "Queued", alignLeft: false) { String($0.progress.queued) },
        Column(title: "Done", alignLeft: false) { String($0.progress.done) },
        Column(title: "Failed", alignLeft: false) { String($0.progress.failed) },
    ]

    /// The rendered lines: a header and one row per source (a note when there are none).
    public func lines() -> [String] {
        guard !sources.isEmpty else { return ["No sources yet; add one with `spool sources add URL`."] }
        let cells = sources.map { source in Self.columns.map { $0.value(source) } }
        let widths = Self.columns.indices.map { index in
            cells.reduce(TextWidth.of(Self.columns[index].title)) { Swift.max($0, TextWidth.of($1[index])) }
        }
        func row(_ values: [String], last: String) -> String {
            let prefix = zip(values, Self.columns.indices).map { value, index in
                TextWidth.pad(value, to: widths[index], alignLeft: Self.columns[index].alignLeft)
            }.joined(separator: "  ") + "  "
            guard let width else { return prefix + last }
            return prefix + TextWidth.truncate(last, to: Swift.max(8, width - TextWidth.of(prefix)))
        }
        var lines = [row(Self.columns.map(\.title), last: "Last error")]
        for (source, values) in zip(sources, cells) {
            lines.append(row(values, last: source.status.lastError.map(Self.oneLine) ?? "-"))
        }
        return lines
    }

    /// Text on one line (errors may hold a tool's multi-line output).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
