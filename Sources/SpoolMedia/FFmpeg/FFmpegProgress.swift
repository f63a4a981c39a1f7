import Foundation

/// One block of ffmpeg's `-progress pipe:1` output (`key=value` lines ending with `progress=…`).
public struct FFmpegProgress: Sendable, Hashable {
    /// Output time written so far, in microseconds (`out_time_us`; `out_time_ms` is the same number).
    public var outTimeMicroseconds: Int64?
    /// Encoding speed as a multiple of real time (`speed=13.3x`).
    public var speed: Double?
    /// Frames written (video only).
    public var frame: Int64?
    /// Frames encoded per wall second (video only; `fps=0.00` until ffmpeg has measured it).
    public var fps: Double?
    /// Bytes written so far.
    public var totalSize: Int64?
    /// Whether this is the last block (`progress=end`).
    public var isEnd: Bool

    /// Creates a progress value.
    public init(
        outTimeMicroseconds: Int64? = nil, speed: Double? = nil, frame: Int64? = nil, fps: Double? = nil,
        totalSize: Int64? = nil, isEnd: Bool = false
    ) {
        self.outTimeMicroseconds = outTimeMicroseconds
        self.speed = speed
        self.frame = frame
        self.fps = fps
        self.totalSize = totalSize
        self.isEnd = isEnd
    }

    /// Output time in seconds.
    public var outTime: Double? {
        outTimeMicroseconds.map { Double($0) / 1_000_000 }
    }

    /// 0–100 of an input lasting `duration` seconds; 100 at the end block.
    public func percent(ofDuration duration: Double) -> Double? {
        if isEnd { return 100 }
        guard duration > 0, let outTime else { return nil }
        return min(max(outTime / duration * 100, 0), 100)
    }
}

/// Reads `-progress pipe:1` output line by line and yields a value per finished block.
public struct FFmpegProgressParser: Sendable {
    private var block = FFmpegProgress()

    /// Creates a parser.
    public init() {}

    /// Feeds one line; returns the block it completes (`progress=continue|end`), else nil.
    ///
    /// `N/A` values and unknown keys are ignored; values may carry leading spaces (`speed=   0x`).
    public mutating func consume(_ line: some StringProtocol) -> FFmpegProgress? {
        guard let separator = line.firstIndex(of: "=") else { return nil }
        let key = line[..<separator].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        let known = value != "N/A" && !value.isEmpty
        switch key {
        case "out_time_us":
            block.outTimeMicroseconds = known ? Int64(value).flatMap { $0 >= 0 ? $0 : nil } : nil
        case "speed":
            block.speed = known ? Double(value.hasSuffix("x") ? String(value.dropLast()) : value) : nil
        case "frame":
            block.frame = known ? Int64(value) : nil
        case "fps":
            block.fps = known ? Double(value) : nil
        case "total_size":
            block.totalSize = known ? Int64(value) : nil
        case "progress":
            var finished = block
            finished.isEnd = value == "end"
            block = FFmpegProgress()
            return finished
        default:
            break
        }
        return nil
    }

    /// Parses a whole captured output into its blocks.
    public static func parse(_ output: some StringProtocol) -> [FFmpegProgress] {
        var parser = FFmpegProgressParser()
        return output.split(whereSeparator: \.isNewline).compactMap { parser.consume($0) }
    }
}
