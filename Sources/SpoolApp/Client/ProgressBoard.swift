import SpoolAPIModels
import SpoolCore

/// The jobs `spool watch` follows and their latest known state, updated from events.
///
/// A pure value: it folds events into job views and renders progress lines; the caller does the I/O.
public struct ProgressBoard: Sendable {
    /// Jobs in the order they were added.
    public private(set) var order: [String] = []
    /// Latest view of each job by full id.
    public private(set) var jobs: [String: JobDTO] = [:]
    /// Jobs deleted while being watched.
    public private(set) var removed: Set<String> = []

    /// Creates an empty board.
    public init() {}

    /// Adds a job or replaces its view with a fresher snapshot.
    public mutating func upsert(_ job: JobDTO) {
        let id = job.id.rawValue
        if jobs[id] == nil { order.append(id) }
        jobs[id] = job
        removed.remove(id)
    }

    /// Whether the board follows this job.
    public func contains(_ id: String) -> Bool { jobs[id] != nil }

    /// Whether every followed job is done (terminal or deleted); true for an empty board.
    public var allFinished: Bool {
        order.allSatisfy { removed.contains($0) || jobs[$0]?.status.isTerminal == true }
    }

    /// Followed jobs that ended `FAILED`.
    public var failedJobs: [JobDTO] {
        order.compactMap { jobs[$0] }.filter { $0.status == .failed && !removed.contains($0.id.rawValue) }
    }

    /// Folds an event into the board.
    ///
    /// - Returns: The state change it carried (`from`, `to`) for a followed job, else nil.
    @discardableResult
    public mutating func apply(_ event: JobEvent) -> (from: JobState?, to: JobState)? {
        guard let id = event.jobId?.rawValue, var job = jobs[id] else { return nil }
        let payload = event.payload
        switch event.type {
        case .progress:
            if let stage = payload["stage"]?.stringValue.flatMap(Stage.init(rawValue:)) {
                job.progress.stage = stage
                if !job.status.isTerminal, job.status != .paused, let running = StageCatalog.standard.definition(of: stage)?.runningState {
                    job.status = running
                }
            }
            if let percent = payload["percent"]?.doubleValue { job.progress.percent = percent }
            if let bytes = payload["downloadedBytes"]?.doubleValue { job.progress.downloadedBytes = Int64(bytes) }
            if let total = payload["totalBytes"]?.doubleValue { job.progress.totalBytes = Int64(total) }
            job.progress.speed = payload["speed"]?.doubleValue
            job.progress.eta = payload["eta"]?.doubleValue
            job.progress.fps = payload["fps"]?.doubleValue
            job.progress.speedFactor = payload["speedFactor"]?.doubleValue
            jobs[id] = job
            return nil
        case .stateChange:
            guard let to = payload["to"]?.stringValue.flatMap(JobState.init(rawValue:)) else { return nil }
            let from = payload["from"]?.stringValue.flatMap(JobState.init(rawValue:))
            job.status = to
            job.pausedFrom = to == .paused ? from : nil
            if !to.isRunning {
                job.progress.speed = nil
                job.progress.eta = nil
            }
            if to == .complete { job.progress.percent = 100 }
            jobs[id] = job
            return (from, to)
        case .jobRemoved:
            removed.insert(id)
            return nil
        default:
            return nil
        }
    }

    /// One progress line per followed job (deleted ones say so), each at most `width - 1` cells.
    ///
    /// - Parameters:
    ///   - width: Terminal width, or nil for no limit.
    ///   - unicode: Whether to draw the bar with block characters.
    public func lines(width: Int?, unicode: Bool) -> [String] {
        order.compactMap { id in
            guard let job = jobs[id] else { return nil }
            let line = removed.contains(id) ? "\(HumanFormat.shortID(id))  (deleted)  \(job.displayName)" : Self.barLine(job, unicode: unicode)
            return width.map { TextWidth.truncate(line, to: Swift.max(20, $0 - 1)) } ?? line
        }
    }

    /// `3f2a9c1e [#####-----]  45.2%  72.1 MiB/160 MiB  5.2 MiB/s  ETA 12s  Downloading  Title`.
    public static func barLine(_ job: JobDTO, unicode: Bool, barWidth: Int = 20) -> String {
        let done = job.status == .complete
        let percent = done ? 100 : job.progress.percent
        let filled = Int(((percent ?? 0) / 100 * Double(barWidth)).rounded(.down))
        let (full, empty) = unicode ? ("█", "░") : ("#", "-")
        let bar = "[" + String(repeating: full, count: Swift.min(barWidth, Swift.max(0, filled)))
            + String(repeating: empty, count: barWidth - Swift.min(barWidth, Swift.max(0, filled))) + "]"
        return [HumanFormat.shortID(job.id), bar, HumanFormat.precisePercent(percent), amounts(job),
                TextWidth.pad(job.status.isRunning ? HumanFormat.speed(job.progress.speed) : "", to: 11, alignLeft: false),
                TextWidth.pad(job.status.isRunning ? "ETA " + HumanFormat.duration(job.progress.eta) : "", to: 10),
                TextWidth.pad(HumanFormat.status(of: job), to: 11), job.displayName]
            .joined(separator: "  ")
    }

    /// `3f2a9c1e  Downloading  45.2%  72.1 MiB of 160 MiB  5.2 MiB/s  ETA 12s` (for logs and pipes).
    public static func plainLine(_ job: JobDTO) -> String {
        var parts = [HumanFormat.shortID(job.id), HumanFormat.status(of: job)]
        let percent = job.status == .complete ? 100 : job.progress.percent
        if job.status.isRunning || job.status == .complete, percent != nil || job.progress.downloadedBytes != nil {
            parts.append(HumanFormat.precisePercent(percent).trimmingLeadingSpaces)
            parts.append(amounts(job).trimmingLeadingSpaces)
        }
        if job.status.isRunning {
            parts.append(HumanFormat.speed(job.progress.speed))
            if job.progress.eta != nil { parts.append("ETA " + HumanFormat.duration(job.progress.eta)) }
        }
        if let error = job.error, job.status == .failed { parts.append("\(error.code): \(error.message)") }
        return parts.filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// `72.1 MiB/160 MiB`, right-aligned in a fixed width.
    private static func amounts(_ job: JobDTO) -> String {
        let have = HumanFormat.bytes(JobTable.have(job))
        let total = job.progress.totalBytes.map { "/" + HumanFormat.bytes($0) } ?? ""
        return TextWidth.pad(have + total, to: 19, alignLeft: false)
    }
}
