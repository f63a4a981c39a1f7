import Foundation

/// One progress report from yt-dlp's download hook (a line of ``YtDlpArguments/progressTemplate``).
public struct DownloadProgress: Sendable, Hashable {
    /// What the downloader is doing.
    public enum Status: String, Sendable, Hashable {
        /// Bytes are arriving.
        case downloading
        /// This file (or format) is complete; post-processing may follow.
        case finished
        /// The downloader gave up on this file.
        case error
    }

    /// What the downloader is doing.
    public var status: Status
    /// Bytes on disk so far, including bytes resumed from a `.part` file.
    public var downloadedBytes: Int64?
    /// The exact size, when the server sent one.
    public var totalBytes: Int64?
    /// yt-dlp's estimate of the size (fragmented downloads such as HLS).
    public var totalBytesEstimate: Int64?
    /// Current speed in bytes per second.
    public var speed: Double?
    /// Estimated seconds left.
    public var eta: Double?
    /// Seconds since this file's download started.
    public var elapsed: Double?
    /// Index of the fragment being fetched (HLS/DASH).
    public var fragmentIndex: Int?
    /// Number of fragments (HLS/DASH).
    public var fragmentCount: Int?

    /// Creates a progress value.
    public init(
        status: Status,
        downloadedBytes: Int64? = nil,
        totalBytes: Int64? = nil,
        totalBytesEstimate: Int64? = nil,
        speed: Double? = nil,
        eta: Double? = nil,
        elapsed: Double? = nil,
        fragmentIndex: Int? = nil,
        fragmentCount: Int? = nil
    ) {
        self.status = status
        self.downloadedBytes = downloadedBytes
        self.totalBytes = totalBytes
        self.totalBytesEstimate = totalBytesEstimate
        self.speed = speed
        self.eta = eta
        self.elapsed = elapsed
        self.fragmentIndex = fragmentIndex
        self.fragmentCount = fragmentCount
    }

    /// 0–100: from the exact size, else the estimate, else the fragment count; 100 once finished.
    public var percent: Double? {
        if status == .finished { return 100 }
        let fraction: Double? =
            if let downloadedBytes, let total = totalBytes ?? totalBytesEstimate, total > 0 {
                Double(downloadedBytes) / Double(total)
            } else if let fragmentIndex, let fragmentCount, fragmentCount > 0 {
                Double(fragmentIndex) / Double(fragmentCount)
            } else {
                nil
            }
        return fraction.map { min(max($0 * 100, 0), 100) }
    }

    /// The size to show: exact when known, else the estimate.
    public var displayTotalBytes: Int64? { totalBytes ?? totalBytesEstimate }

    /// Parses one line printed through ``YtDlpArguments/progressTemplate``; nil for any other line.
    public init?(templateLine line: some StringProtocol) {
        guard line.first == "{", let wire = try? JSONDecoder().decode(Wire.self, from: Data(line.utf8)),
              let rawStatus = wire.st, let status = Status(rawValue: rawStatus)
        else { return nil }
        self.init(
            status: status,
            downloadedBytes: wire.b.flatMap(Self.byteCount),
            totalBytes: wire.tot.flatMap(Self.byteCount),
            totalBytesEstimate: wire.est.flatMap(Self.byteCount),
            speed: wire.spd.flatMap(Self.finite),
            eta: wire.eta.flatMap(Self.finite),
            elapsed: wire.t.flatMap(Self.finite),
            fragmentIndex: wire.frag.flatMap(Self.count),
            fragmentCount: wire.frags.flatMap(Self.count)
        )
    }

    /// The template's keys. Numbers are read as Double: yt-dlp prints sizes as `1024` or `153220.0`.
    private struct Wire: Decodable {
        var st: String?
        var b: Double?
        var tot: Double?
        var est: Double?
        var spd: Double?
        var eta: Double?
        var t: Double?
        var frag: Double?
        var frags: Double?
    }

    private static func finite(_ value: Double) -> Double? {
        value.isFinite && value >= 0 ? value : nil
    }

    private static func byteCount(_ value: Double) -> Int64? {
        finite(value).flatMap { $0 < 9.0e18 ? Int64($0.rounded()) : nil }
    }

    private static func count(_ value: Double) -> Int? {
        finite(value).flatMap { $0 < 1.0e9 ? Int($0.rounded()) : nil }
    }
}
