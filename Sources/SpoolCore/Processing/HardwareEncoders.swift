import Foundation

/// One hardware video encoder ffmpeg was built with, and whether a real test encode with it
/// worked on this machine (`ffmpeg -encoders` only says what was compiled in).
public struct HardwareEncoderStatus: Sendable, Codable, Hashable {
    /// ffmpeg's encoder name (`hevc_nvenc`, `h264_vaapi`).
    public var name: String
    /// The codec it writes.
    public var codec: VideoCodec
    /// The acceleration API (``HardwareAPI``).
    public var api: HardwareAPI
    /// Whether the test encode succeeded.
    public var works: Bool
    /// ffmpeg's reason when it did not (its last error line, or "timed out after N s").
    public var error: String?
    /// How long the test took, in seconds.
    public var seconds: Double

    /// Creates a status.
    public init(name: String, codec: VideoCodec, api: HardwareAPI, works: Bool, error: String? = nil, seconds: Double = 0) {
        self.name = name
        self.codec = codec
        self.api = api
        self.works = works
        self.error = error
        self.seconds = seconds
    }
}

/// A hardware encoding API ffmpeg can use, in the order Spool prefers them.
public enum HardwareAPI: String, Sendable, Codable, Hashable, CaseIterable {
    /// NVIDIA NVENC.
    case nvenc
    /// AMD AMF.
    case amf
    /// Intel Quick Sync.
    case qsv
    /// VA-API (Intel/AMD on Linux), with its render device and an upload filter.
    case vaapi
    /// Apple VideoToolbox.
    case videotoolbox
    /// V4L2 memory-to-memory (ARM boards).
    case v4l2m2m

    /// ffmpeg's encoder name for `codec` on this API (`hevc_nvenc`).
    public func encoderName(for codec: VideoCodec) -> String {
        "\(codec.rawValue)_\(rawValue)"
    }
}

/// What a detection found: every compiled-in hardware encoder with its test result.
public struct HardwareReport: Sendable, Codable, Hashable {
    /// When the detection ran.
    public var checkedAt: Date
    /// The hardware encoders ffmpeg lists, tested, in preference order.
    public var encoders: [HardwareEncoderStatus]
    /// Why nothing could be tested (ffmpeg missing or failing), else nil.
    public var error: String?

    /// Creates a report.
    public init(checkedAt: Date, encoders: [HardwareEncoderStatus], error: String? = nil) {
        self.checkedAt = checkedAt
        self.encoders = encoders
        self.error = error
    }

    /// The preferred working encoder for `codec`, if any.
    public func best(for codec: VideoCodec) -> HardwareEncoderStatus? {
        encoders.first { $0.codec == codec && $0.works }
    }

    /// Why no hardware encoder for `codec` can be used: each candidate's error, or that ffmpeg has none.
    public func unavailableReason(for codec: VideoCodec) -> String {
        if let error { return error }
        let tried = encoders.filter { $0.codec == codec }
        guard !tried.isEmpty else { return "ffmpeg has no hardware encoder for \(codec.rawValue)" }
        return tried.map { "\($0.name): \($0.error ?? "failed")" }.joined(separator: "; ")
    }
}

/// Finds which hardware encoders work (in SpoolMedia: `ffmpeg -encoders`, then a short test
/// encode per candidate with a timeout).
public protocol HardwareEncoderDetector: Sendable {
    /// Lists and tests every compiled-in hardware encoder; never throws (failures are in the report).
    func detect() async -> HardwareReport
}

/// The process's view of its hardware encoders: detected once at start, again on demand, and
/// shared by the PROCESSING stage, `GET /api/hw` and `spool doctor`.
public actor HardwareEncoders {
    private let detector: any HardwareEncoderDetector
    private var current: HardwareReport?
    private var running: Task<HardwareReport, Never>?

    /// Creates the registry on `detector`; nothing runs until the first ``report(refresh:)``.
    public init(detector: any HardwareEncoderDetector) {
        self.detector = detector
    }

    /// The last detection, running one first when there is none or `refresh` is set. Callers
    /// arriving while a detection runs share it.
    public func report(refresh: Bool = false) async -> HardwareReport {
        if !refresh, let current { return current }
        if let running { return await running.value }
        let task = Task { await detector.detect() }
        running = task
        let report = await task.value
        current = report
        running = nil
        return report
    }
}
