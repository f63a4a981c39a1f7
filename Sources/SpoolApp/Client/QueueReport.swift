import SpoolAPIModels
import SpoolCore
import SpoolQueue

/// The `spool queue` report: a row per queue, job counts per state, free space.
///
/// ```
/// Queue        Pending  Delayed  Active  Completed  Failed  Paused
/// q:download         2        0       1         10       0  no
///
/// Jobs: 2 queued, 1 downloading, 10 complete (13 in all)
/// Free space: 123 GiB
/// ```
public struct QueueReport: Sendable {
    /// The overview from the API.
    public var overview: QueueOverviewResponse

    /// Creates a report.
    public init(_ overview: QueueOverviewResponse) {
        self.overview = overview
    }

    /// The rendered lines.
    public func lines() -> [String] {
        let titles = ["Queue", "Pending", "Delayed", "Active", "Completed", "Failed", "Paused"]
        let rows = overview.queues.keys.sorted(by: Self.queueOrder).map { name -> [String] in
            let stats = overview.queues[name] ?? QueueStats()
            let numbers = [stats.pending, stats.delayed, stats.active, stats.completed, stats.failed].map(String.init)
            return [name] + numbers + [stats.paused ? "yes" : "no"]
        }
        let widths = titles.indices.map { index in rows.reduce(titles[index].count) { Swift.max($0, $1[index].count) } }
        func render(_ cells: [String]) -> String {
            cells.indices.map { index in
                index == cells.count - 1 ? cells[index] : TextWidth.pad(cells[index], to: widths[index], alignLeft: index == 0)
            }.joined(separator: "  ")
        }
        var out = [render(titles)] + rows.map(render)
        let counts = JobState.allCases.compactMap { state -> String? in
            guard let count = overview.counts[state.rawValue], count > 0 else { return nil }
            return "\(count) \(state.rawValue.lowercased())"
        }
        let total = overview.counts.values.reduce(0, +)
        out.append("")
        out.append("Jobs: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ") + " (\(total) in all)"))
        if let free = overview.freeBytes { out.append("Free space: " + HumanFormat.bytes(free)) }
        return out
    }

    /// Stage order (download, dub, mux, process), then by name.
    private static func queueOrder(_ lhs: String, _ rhs: String) -> Bool {
        let stages = StageCatalog.standard.reportedQueues
        let left = stages.firstIndex(of: lhs) ?? stages.count
        let right = stages.firstIndex(of: rhs) ?? stages.count
        return left == right ? lhs < rhs : left < right
    }
}
