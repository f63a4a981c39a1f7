import SpoolAPIModels

/// What `spool retention` prints: each rule set (the library, then each source with a retention)
/// with its rules and a table of the jobs that would go (or went), each followed by its stored files.
///
/// ```
/// Dry run: nothing was deleted. `spool retention --apply` deletes what is listed.
///
/// Library (keep the newest 1)
///   Job       Size      Title    Reason
///   3f2c1a2b  12.0 MiB  Clip     beyond the newest 1
///             /srv/media/library/generic/Clip [clip].mkv
///
/// 1 job, 12.0 MiB.
/// ```
public struct RetentionTable: Sendable {
    /// The API's answer.
    public var report: RetentionReportResponse
    /// Terminal width; titles and reasons are cut to fit. Nil leaves them whole.
    public var width: Int?

    /// Creates a table.
    public init(report: RetentionReportResponse, width: Int? = nil) {
        self.report = report
        self.width = width
    }

    /// The rendered lines.
    public func lines() -> [String] {
        var lines = [report.applied ? "Retention applied." : "Dry run: nothing was deleted. `spool retention --apply` deletes what is listed."]
        for scope in [report.library] + report.sources {
            lines.append("")
            let name = scope.sourceId.map { "Source \($0) '\(scope.name)'" } ?? "Library"
            lines.append("\(name) (\(Self.describe(scope.retention)))")
            lines += table(scope.items).map { "  " + $0 }
            lines += scope.errors.map { "  error: \($0)" }
        }
        let items = report.items
        let unknown = items.filter { $0.bytes == nil }.count
        var total = "\(items.count) job\(items.count == 1 ? "" : "s"), \(HumanFormat.bytes(report.bytes))"
        if unknown > 0 { total += " (\(unknown) of unknown size)" }
        lines += ["", (report.applied ? "Deleted " : "Would delete ") + total + "."]
        return lines
    }

    /// `keep the newest 3, delete after 30 days, at most 500 MB`, or `keep everything`.
    public static func describe(_ retention: RetentionDTO) -> String {
        var parts: [String] = []
        if let keep = retention.keepNewest { parts.append("keep the newest \(keep)") }
        if let days = retention.maxAgeDays { parts.append("delete after \(days) days") }
        if let size = retention.maxTotalSizeMB { parts.append("at most \(size) MB") }
        return parts.isEmpty ? "keep everything" : parts.joined(separator: ", ")
    }

    /// The header, then a row per item followed by its paths.
    private func table(_ items: [RetentionEntryDTO]) -> [String] {
        guard !items.isEmpty else { return [report.applied ? "nothing deleted" : "nothing to delete"] }
        let rows = items.map { item in
            [item.jobId.map(HumanFormat.shortID) ?? "-", item.bytes == nil ? "unknown" : HumanFormat.bytes(item.bytes), TextWidth.truncate(item.title ?? item.mediaId ?? "-", to: 40)]
        }
        let titles = ["Job", "Size", "Title"]
        let widths = titles.indices.map { index in rows.reduce(TextWidth.of(titles[index])) { max($0, TextWidth.of($1[index])) } }
        func line(_ cells: [String], last: String) -> String {
            let prefix = zip(cells, widths).map { TextWidth.pad($0, to: $1) }.joined(separator: "  ") + "  "
            guard let width else { return prefix + last }
            return prefix + TextWidth.truncate(last, to: max(8, width - 2 - TextWidth.of(prefix)))
        }
        var lines = [line(titles, last: "Reason")]
        let indent = String(repeating: " ", count: widths[0] + 2)
        for (item, cells) in zip(items, rows) {
            lines.append(line(cells, last: item.reason))
            lines += item.paths.map { indent + $0 }
        }
        return lines
    }
}
