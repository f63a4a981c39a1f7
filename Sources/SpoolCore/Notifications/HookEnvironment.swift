import Foundation

/// The environment of a done-script: Transmission's `TR_*` variables (as its `script-torrent-done`
/// sets them) and Spool's own `SPOOL_*`.
///
/// | variable | value |
/// |---|---|
/// | `TR_APP_VERSION` | Spool's version |
/// | `TR_TIME_LOCALTIME` | the time of the run, `Sun Dec  6 21:47:49 2026` |
/// | `TR_TORRENT_BYTES_DOWNLOADED` | bytes downloaded (the file's size when known) |
/// | `TR_TORRENT_DIR` | the folder of the finished file |
/// | `TR_TORRENT_HASH` | SHA-1 of the job id (40 hex digits, as the Transmission RPC shows it) |
/// | `TR_TORRENT_ID` | the job's number (the Transmission RPC's `id`) |
/// | `TR_TORRENT_LABELS` | the job's tags, comma-separated |
/// | `TR_TORRENT_NAME` | the title (else the file's name, else the URL) |
/// | `TR_TORRENT_PRIORITY` | -1 low, 0 normal, 1 high |
/// | `TR_TORRENT_TRACKERS` | empty |
/// | `SPOOL_JOB_ID`, `SPOOL_FILE`, `SPOOL_STATUS`, `SPOOL_URL`, `SPOOL_SOURCE` | the job id, the file's path, COMPLETE or FAILED, the URL, the source id (empty for one-off jobs) |
public enum HookEnvironment {
    /// The variables for `job`, run at `time`.
    ///
    /// - Parameters:
    ///   - libraryRoot: Where relative output paths live (the file's absolute path is given).
    ///   - fileBytes: The finished file's size, when known.
    public static func variables(for job: Job, version: String, libraryRoot: String, fileBytes: Int64?, at time: Date) -> [String: String] {
        let file = job.outputPath.map { $0.hasPrefix("/") ? $0 : (libraryRoot as NSString).appendingPathComponent($0) }
        let name = job.title ?? file.map { ($0 as NSString).lastPathComponent } ?? job.options.url
        let priority = switch job.options.priority {
        case .low: "-1"
        case .normal: "0"
        case .high: "1"
        }
        let bytes = fileBytes ?? job.progress.downloadedBytes ?? job.progress.totalBytes ?? 0
        return [
            "TR_APP_VERSION": version,
            "TR_TIME_LOCALTIME": localTime(time),
            "TR_TORRENT_BYTES_DOWNLOADED": String(bytes),
            "TR_TORRENT_DIR": file.map { ($0 as NSString).deletingLastPathComponent } ?? libraryRoot,
            "TR_TORRENT_HASH": job.id.torrentHash,
            "TR_TORRENT_ID": String(job.number ?? job.queuePosition),
            "TR_TORRENT_LABELS": job.options.tags.joined(separator: ","),
            "TR_TORRENT_NAME": name,
            "TR_TORRENT_PRIORITY": priority,
            "TR_TORRENT_TRACKERS": "",
            "SPOOL_JOB_ID": job.id.rawValue,
            "SPOOL_FILE": file ?? "",
            "SPOOL_STATUS": job.state.rawValue,
            "SPOOL_URL": job.options.url,
            "SPOOL_SOURCE": job.options.archive?.sourceID.map(String.init) ?? "",
        ]
    }

    /// `ctime`'s format in the local time zone, as Transmission's `TR_TIME_LOCALTIME`.
    static func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy"
        let text = formatter.string(from: date)
        // ctime pads the day to two characters with a space.
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[2].count == 1 else { return text }
        return "\(parts[0]) \(parts[1])  \(parts[2]) \(parts[3]) \(parts[4])"
    }
}
