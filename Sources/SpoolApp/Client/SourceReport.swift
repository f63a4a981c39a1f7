import Foundation
import SpoolAPIModels
import SpoolCore

/// The `spool sources show` report: a source's settings, its status and progress, and its newest
/// items with their phase and reason.
public struct SourceReport: Sendable {
    /// The source.
    public var source: SourceDTO
    /// Its newest items and the counts per phase.
    public var items: SourceItemListResponse

    /// Creates a report.
    public init(source: SourceDTO, items: SourceItemListResponse) {
        self.source = source
        self.items = items
    }

    /// The rendered lines.
    public func lines() -> [String] {
        var out: [String] = []
        func section(_ title: String, _ rows: [(String, String?)]) {
            let shown = rows.compactMap { label, value in value.map { (label, $0) } }
            guard !shown.isEmpty else { return }
            if !out.isEmpty { out.append("") }
            out.append(title)
            for (label, value) in shown { out.append("  " + TextWidth.pad(label + ":", to: 17) + value) }
        }
        let tabs = [("videos", source.tabs.videos), ("shorts", source.tabs.shorts), ("streams", source.tabs.streams)]
        section("SOURCE", [
            ("Id", String(source.id)),
            ("Name", source.name),
            ("URL", source.url),
            ("Enabled", source.enabled ? "yes" : "no"),
            ("Tabs", tabs.filter(\.1).map(\.0).joined(separator: ", ")),
            ("Schedule", source.schedule.text + (Self.isDaily(source.schedule) ? " UTC" : "")),
            ("Feed", source.feedUrl ?? "none"),
            ("Profile", source.profileId.map(String.init) ?? "default"),
            ("Layout", source.layout.text),
            ("Backlog", source.backlog.text),
            ("Added", HumanFormat.date(source.createdAt)),
        ])
        let filters = source.filters
        section("FILTERS", [
            ("Title", filters.titleRegex.map { (filters.invertTitleRegex ? "not matching /" : "matching /") + $0 + "/" }),
            ("Duration", Self.durationRange(filters.minDuration, filters.maxDuration)),
            ("Published after", filters.publishedAfter),
            ("Shorts", filters.shorts.rawValue),
            ("Streams", filters.streams.rawValue),
        ])
        section("RETENTION", [
            ("Keep newest", source.retention.keepNewest.map(String.init) ?? (source.retention.retention.isActive ? nil : "all")),
            ("Max age", source.retention.maxAgeDays.map { "\($0) days" }),
            ("Max total size", source.retention.maxTotalSizeMB.map { "\($0) MB" }),
        ])
        section("STATUS", [
            ("Activity", source.progress.activity),
            ("Last check", HumanFormat.date(source.status.lastCheckAt)),
            ("Last full index", HumanFormat.date(source.status.lastFullIndexAt)),
            ("Next check", source.enabled ? HumanFormat.date(source.status.nextCheckAt) : "disabled"),
            ("Last error", source.status.lastError.map(SourceTable.oneLine)),
        ])
        let progress = source.progress
        section("PROGRESS", [
            ("Listed", "\(progress.listed) (\(progress.new) new in the last check)"),
            ("Downloads", "\(progress.queued) queued, \(progress.done) done, \(progress.failed) failed"),
            ("Not downloaded", "\(progress.filtered) filtered, \(progress.skipped) skipped, \(progress.deferred) deferred"),
        ])
        out.append("")
        let total = items.counts.values.reduce(0, +)
        guard !items.items.isEmpty else {
            out.append(total == 0 ? "ITEMS: none listed yet" : "ITEMS: none to show (\(total) in all)")
            return out
        }
        out.append("ITEMS (newest \(items.items.count) of \(total))")
        let rows = items.items.map { item in
            [item.phase.rawValue, item.mediaId, item.title ?? "-", item.reason.map(SourceTable.oneLine) ?? ""]
        }
        let widths = (0..<3).map { index in rows.reduce(0) { Swift.max($0, TextWidth.of($1[index])) } }
        for row in rows {
            let cells = [TextWidth.pad(row[0], to: widths[0]), TextWidth.pad(TextWidth.truncate(row[1], to: 24), to: Swift.min(widths[1], 24)),
                         TextWidth.pad(TextWidth.truncate(row[2], to: 48), to: Swift.min(widths[2], 48)), row[3]]
            out.append(("  " + cells.joined(separator: "  ")).trimmingTrailingSpaces)
        }
        return out
    }

    private static func isDaily(_ schedule: CheckSchedule) -> Bool {
        if case .daily = schedule { return true }
        return false
    }

    /// `at least 60 s`, `at most 1h00m`, `60 s – 3600 s`; nil when unbounded.
    private static func durationRange(_ minimum: Double?, _ maximum: Double?) -> String? {
        switch (minimum, maximum) {
        case (nil, nil): nil
        case (let minimum?, nil): "at least \(HumanFormat.duration(minimum))"
        case (nil, let maximum?): "at most \(HumanFormat.duration(maximum))"
        case (let minimum?, let maximum?): "\(HumanFormat.duration(minimum)) to \(HumanFormat.duration(maximum))"
        }
    }
}

extension String {
    /// The text without trailing spaces.
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
