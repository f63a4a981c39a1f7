import SpoolAPIModels
import SpoolCore

/// The `spool ls` table, after `transmission-remote -l`: one row per job and a sum line.
///
/// ```
/// ID        Done      Have  ETA         Speed  Status       Pri     Name
/// 3f2a9c1e   45%  72.1 MiB  12s     5.2 MiB/s  Downloading  normal  Big Buck Bunny
/// Sum:            72.1 MiB          5.2 MiB/s
/// ```
public struct JobTable: Sendable {
    /// Rows to show.
    public var jobs: [JobDTO]
    /// All jobs matching the query (for the "n of m shown" note).
    public var total: Int
    /// Matching jobs skipped before the first row.
    public var offset: Int
    /// Terminal width; names are cut to fit. Nil leaves names whole.
    public var width: Int?

    /// Creates a table.
    public init(jobs: [JobDTO], total: Int? = nil, offset: Int = 0, width: Int? = nil) {
        self.jobs = jobs
        self.total = total ?? jobs.count
        self.offset = offset
        self.width = width
    }

    private struct Column: Sendable {
        var title: String
        var alignLeft: Bool
        var value: @Sendable (JobDTO) -> String
    }

    private static let columns: [Column] = [
        Column(title: "ID", alignLeft: true) { HumanFormat.shortID($0.id) },
        Column(title: "Done", alignLeft: false) { HumanFormat.percent($0.progress.percent, done: $0.status == .complete) },
        Column(title: "Have", alignLeft: false) { HumanFormat.bytes(JobTable.have($0)) },
        Column(title: "ETA", alignLeft: true) { JobTable.eta($0) },
        Column(title: "Speed", alignLeft: false) { $0.status.isRunning ? HumanFormat.speed($0.progress.speed) : "" },
        Column(title: "Status", alignLeft: true) { HumanFormat.status(of: $0) },
        Column(title: "Pri", alignLeft: true) { $0.priority.rawValue },
    ]

    /// The rendered lines: a header, one per job, the sum line and, when paged, a note.
    public func lines() -> [String] {
        let cells = jobs.map { job in Self.columns.map { $0.value(job) } }
        let widths = Self.columns.indices.map { index in
            cells.reduce(TextWidth.of(Self.columns[index].title)) { Swift.max($0, TextWidth.of($1[index])) }
        }
        func row(_ values: [String], name: String) -> String {
            let prefix = zip(values, Self.columns.indices).map { value, index in
                TextWidth.pad(value, to: widths[index], alignLeft: Self.columns[index].alignLeft)
            }.joined(separator: "  ") + "  "
            guard let width else { return prefix + name }
            return prefix + TextWidth.truncate(name, to: Swift.max(8, width - TextWidth.of(prefix)))
        }
        var lines = [row(Self.columns.map(\.title), name: "Name")]
        for (job, values) in zip(jobs, cells) {
            lines.append(row(values, name: job.displayName))
        }
        let have = jobs.compactMap(Self.have).reduce(0, +)
        let speed = jobs.filter { $0.status.isRunning }.compactMap { $0.progress.speed }.reduce(0, +)
        let haveEnd = widths[0] + 2 + widths[1] + 2 + widths[2]
        let speedEnd = haveEnd + 2 + widths[3] + 2 + widths[4]
        var sum = TextWidth.pad("Sum:", to: haveEnd - TextWidth.of(HumanFormat.bytes(have))) + HumanFormat.bytes(have)
        let speedText = HumanFormat.speed(speed)
        if !speedText.isEmpty { sum = TextWidth.pad(sum, to: speedEnd - TextWidth.of(speedText)) + speedText }
        lines.append(sum)
        if offset > 0 || total > offset + jobs.count {
            let range = jobs.isEmpty ? "none" : "\(offset + 1)–\(offset + jobs.count)"
            lines.append("(jobs \(range) of \(total) shown; use --limit/--offset or --all)")
        }
        return lines
    }

    /// Bytes on disk so far: downloaded bytes, or the total once complete.
    static func have(_ job: JobDTO) -> Int64? {
        if job.status == .complete { return job.progress.totalBytes ?? job.progress.downloadedBytes }
        return job.progress.downloadedBytes
    }

    /// `Done` for finished jobs, the ETA while running, else empty.
    static func eta(_ job: JobDTO) -> String {
        switch job.status {
        case .complete: "Done"
        case _ where job.status.isRunning: job.progress.eta.map { HumanFormat.duration($0) } ?? "Unknown"
        default: ""
        }
    }
}
