import Foundation
import SpoolAPIModels
import SpoolCore

/// Short human renderings of sizes, speeds, durations and states for the command line.
public enum HumanFormat {
    /// `512 B`, `72.1 MiB`, `1.20 GiB` (binary units, like yt-dlp); `-` when unknown.
    public static func bytes(_ value: Int64?) -> String {
        guard let value, value >= 0 else { return "-" }
        if value < 1024 { return "\(value) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var amount = Double(value) / 1024
        var unit = 0
        while amount >= 1024, unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        let digits = amount < 10 ? 2 : (amount < 100 ? 1 : 0)
        return String(format: "%.\(digits)f %@", amount, units[unit])
    }

    /// `5.2 MiB/s`; empty when unknown or zero.
    public static func speed(_ value: Double?) -> String {
        guard let value, value.isFinite, value > 0 else { return "" }
        return bytes(Int64(value)) + "/s"
    }

    /// `42s`, `3m05s`, `1h02m`, `2d03h`; `-` when unknown.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "-" }
        let total = Int(seconds.rounded())
        switch total {
        case ..<60: return "\(total)s"
        case ..<3600: return String(format: "%dm%02ds", total / 60, total % 60)
        case ..<86400: return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60)
        default: return String(format: "%dd%02dh", total / 86400, (total % 86400) / 3600)
        }
    }

    /// `45%` (never 100% before the job is done); `-` when unknown.
    public static func percent(_ value: Double?, done: Bool = false) -> String {
        if done { return "100%" }
        guard let value, value.isFinite else { return "-" }
        return "\(Int(min(max(value, 0), 99.9).rounded(.down)))%"
    }

    /// `45.2%` with one decimal, for progress bars.
    public static func precisePercent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "    - " }
        return String(format: "%5.1f%%", min(max(value, 0), 100))
    }

    /// `Downloading`, `Queued`, `Complete`, … (title case of the state).
    public static func state(_ state: JobState) -> String {
        let raw = state.rawValue.lowercased()
        return raw.prefix(1).uppercased() + raw.dropFirst()
    }

    /// The status column of a job: the state, with the stage a paused job stopped in.
    public static func status(of job: JobDTO) -> String {
        if job.status == .paused, let from = job.pausedFrom, from != .queued {
            return "Paused (\(from.rawValue.lowercased()))"
        }
        return state(job.status)
    }

    /// `2026-11-22 10:43:07` in the local time zone; `-` when unknown.
    public static func date(_ date: Date?) -> String {
        guard let date else { return "-" }
        let c = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0) + time(date)
    }

    /// `10:43:07` in the local time zone.
    public static func time(_ date: Date) -> String {
        let components = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", components.hour ?? 0, components.minute ?? 0, components.second ?? 0)
    }

    /// The first 8 characters of an id, as tables show it.
    public static func shortID(_ id: String) -> String { String(id.prefix(8)) }

    /// The first 8 characters of a job id, as `spool ls` shows it.
    public static func shortID(_ id: JobID) -> String { shortID(id.rawValue) }
}
