import Foundation
import SpoolCore

/// A job as a Transmission torrent: the values of `torrent-get`'s fields, keyed by their legacy
/// names (camelCase), integers wherever Transmission's spec has integers.
///
/// `transmission-remote` 3.00 reads `id`, `eta`, `status`, sizes and rates as integers and skips a
/// row silently when one of them is a real number, so every such value is rounded here.
struct TransmissionTorrent: Sendable {
    /// Transmission's torrent states (`tr_torrent_activity`).
    enum Status: Int64, Sendable {
        case stopped = 0, checkWait = 1, check = 2, downloadWait = 3, download = 4, seedWait = 5, seed = 6
    }

    /// Transmission's local-error code (`TR_STAT_LOCAL_ERROR`), used for failed jobs.
    static let localError: Int64 = 3

    let job: Job
    let media: Media?
    /// The library folder (`downloadDir`).
    let libraryRoot: String?

    /// Transmission's status of the job.
    var status: Status {
        switch job.state {
        case .queued: .downloadWait
        case .downloading: .download
        case .downloaded, .dubbed: .checkWait
        case .dubbing, .muxing, .processing, .uploading: .check
        case .complete, .failed, .canceled, .paused: .stopped
        }
    }

    /// Whether the download stage has finished (later stages work on the downloaded file).
    var downloaded: Bool { job.finishedStages.contains(.download) || job.state == .complete }

    /// Bytes the finished torrent has: the file's size once downloaded, else the download's total.
    var sizeWhenDone: Int64 {
        if downloaded { return media?.filesize ?? downloadProgress?.totalBytes ?? 0 }
        return downloadProgress?.totalBytes ?? 0
    }

    /// Bytes still to download.
    var leftUntilDone: Int64 {
        if downloaded { return 0 }
        return max(0, sizeWhenDone - (downloadProgress?.downloadedBytes ?? 0))
    }

    /// The progress while it belongs to the download stage.
    private var downloadProgress: JobProgress? {
        job.progress.stage == .download || job.progress.stage == nil ? job.progress : nil
    }

    /// Download progress as a fraction 0…1.
    var percentDone: Double {
        if downloaded { return 1 }
        if let percent = downloadProgress?.percent { return min(1, max(0, percent / 100)) }
        let size = sizeWhenDone
        return size > 0 ? Double(size - leftUntilDone) / Double(size) : 0
    }

    /// Download speed in B/s (0 unless downloading).
    var rateDownload: Int64 {
        guard job.state == .downloading, let speed = job.progress.speed, speed.isFinite, speed > 0 else { return 0 }
        return Int64(speed.rounded())
    }

    /// Seconds left: −1 (`TR_ETA_NOT_AVAIL`) once downloaded, −2 (`TR_ETA_UNKNOWN`) when unknown.
    var eta: Int64 {
        if downloaded || job.state.isTerminal { return -1 }
        guard job.state == .downloading, let eta = job.progress.eta, eta.isFinite, eta >= 0 else { return -2 }
        return Int64(eta.rounded())
    }

    /// The bandwidth priority −1, 0, 1 of the job's priority class.
    static func bandwidthPriority(_ priority: JobPriority) -> Int64 {
        Int64(priority.rank) - 1
    }

    /// The finished file relative to the library (or its name), when there is one.
    private var fileName: String? {
        guard let path = job.outputPath ?? media?.path else { return nil }
        if let root = libraryRoot, path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            return String(path.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1))
        }
        return media?.relativePath ?? (path as NSString).lastPathComponent
    }

    private static func unix(_ date: Date?) -> JSONValue {
        .integer(date.map { Int64($0.timeIntervalSince1970.rounded(.down)) } ?? 0)
    }

    /// The value of one field, by its snake_case name; nil for fields Spool has no value for.
    func value(_ field: String) -> JSONValue? {
        switch field {
        case "id": .integer(job.number ?? 0)
        case "hash_string": .string(job.id.torrentHash)
        case "name": .string(job.title.flatMap { $0.isEmpty ? nil : $0 } ?? job.options.url)
        case "status": .integer(status.rawValue)
        case "error": .integer(job.state == .failed ? Self.localError : 0)
        case "error_string": .string(job.state == .failed ? job.failure?.message ?? "failed" : "")
        case "is_finished": .bool(job.state == .complete)
        case "is_stalled": .bool(false)
        case "percent_done", "percent_complete": .number(percentDone)
        case "recheck_progress": .number(status == .check ? min(1, max(0, (job.progress.percent ?? 0) / 100)) : 0)
        case "metadata_percent_complete": .number(1)
        case "size_when_done", "total_size": .integer(sizeWhenDone)
        case "left_until_done": .integer(leftUntilDone)
        case "have_valid", "downloaded_ever", "desired_available": .integer(sizeWhenDone - leftUntilDone)
        case "have_unchecked", "uploaded_ever", "corrupt_ever", "rate_upload", "peers_getting_from_us",
             "webseeds_sending_to_us", "seconds_seeding", "upload_limit", "download_limit", "peer_limit":
            .integer(0)
        case "rate_download": .integer(rateDownload)
        case "eta", "eta_idle": .integer(field == "eta" ? eta : -1)
        case "upload_ratio", "seed_ratio_limit": .number(0)
        case "peers_sending_to_us", "peers_connected": .integer(job.state == .downloading ? 1 : 0)
        case "download_dir": .string(libraryRoot ?? "")
        case "labels": .array(job.options.tags.map(JSONValue.string))
        case "queue_position": .integer(job.queuePosition)
        case "bandwidth_priority": .integer(Self.bandwidthPriority(job.options.priority))
        case "added_date": Self.unix(job.createdAt)
        case "start_date": Self.unix(job.startedAt)
        case "done_date": Self.unix(job.state == .complete ? job.finishedAt : nil)
        case "activity_date", "edit_date": Self.unix(job.updatedAt)
        case "date_created": Self.unix(job.createdAt)
        case "seconds_downloading":
            .integer(job.startedAt.map { Int64(max(0, (job.finishedAt ?? job.updatedAt).timeIntervalSince($0)).rounded()) } ?? 0)
        case "comment", "magnet_link", "torrent_file", "creator": .string(field == "comment" ? job.options.url : "")
        case "is_private", "download_limited", "upload_limited", "sequential_download": .bool(false)
        case "honors_session_limits": .bool(true)
        case "file_count": .integer(fileName == nil ? 0 : 1)
        case "files": .array(fileName.map { [.object(["name": .string($0), "length": .integer(sizeWhenDone), "bytesCompleted": .integer(sizeWhenDone - leftUntilDone)])] } ?? [])
        case "file_stats": .array(fileName == nil ? [] : [.object(["bytesCompleted": .integer(sizeWhenDone - leftUntilDone), "wanted": .bool(true), "priority": .integer(0)])])
        case "priorities", "wanted": .array(fileName == nil ? [] : [.integer(field == "wanted" ? 1 : 0)])
        case "peers", "trackers", "tracker_stats", "webseeds": .array([])
        case "tracker_list", "primary_mime_type", "pieces", "group": .string("")
        case "piece_count", "piece_size", "seed_idle_limit", "seed_idle_mode", "seed_ratio_mode": .integer(0)
        default: nil
        }
    }
}
