import SpoolAPIModels
import SpoolCore

/// What `spool batch` prints: a table of batches, or one batch with its items.
///
/// ```
/// Batch     State        Done  Failed  Progress  Name
/// 1a2b3c4d  downloading  1/3   0       45%       Season 1
/// ```
///
/// ```
/// Batch 1a2b3c4d-…  Season 1
/// State     completed: 2 of 3 finished, 1 failed
/// Progress  100%
///   #  Job       Status    Title
///   1  5e6f7a8b  COMPLETE  Episode one
///   2  9c0d1e2f  FAILED    https://example.com/e/2  HTTP Error 404: Not Found
/// ```
public enum BatchReport {
    /// The table of `batches`.
    public static func table(_ batches: [BatchDTO]) -> [String] {
        guard !batches.isEmpty else { return ["No batches. `spool add --batch NAME URL…` adds one."] }
        let rows = batches.map { batch in
            [
                HumanFormat.shortID(batch.id.rawValue), batch.state.rawValue, "\(batch.completed)/\(batch.total)", "\(batch.failed)",
                HumanFormat.percent(batch.percent, done: batch.state.isTerminal), batch.name ?? batch.items.first?.url ?? "",
            ]
        }
        return TextWidth.columns([["Batch", "State", "Done", "Failed", "Progress", "Name"]] + rows)
    }

    /// One batch with its items.
    public static func lines(_ batch: BatchDTO) -> [String] {
        var summary = "\(batch.state.rawValue): \(batch.completed) of \(batch.total) finished"
        if batch.failed > 0 { summary += ", \(batch.failed) failed" }
        if batch.canceled > 0 { summary += ", \(batch.canceled) canceled" }
        if batch.removed > 0 { summary += ", \(batch.removed) removed" }
        var lines = [
            "Batch     \(batch.id)" + (batch.name.map { "  \($0)" } ?? ""),
            "State     \(summary)",
            "Progress  \(HumanFormat.percent(batch.percent, done: batch.state.isTerminal))",
            "Added     \(HumanFormat.date(batch.createdAt))",
        ]
        if let finished = batch.finishedAt { lines.append("Finished  \(HumanFormat.date(finished))") }
        let rows = batch.items.map { item in
            [
                "\(item.episode)", HumanFormat.shortID(item.jobId), item.status.map(HumanFormat.state) ?? "removed",
                item.title ?? item.url ?? "", item.error?.message ?? "",
            ]
        }
        lines += TextWidth.columns([["#", "Job", "Status", "Title", ""]] + rows).map { "  " + $0 }
        return lines
    }
}
