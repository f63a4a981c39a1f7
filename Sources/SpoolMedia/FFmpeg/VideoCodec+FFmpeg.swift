import SpoolCore

/// The software encoders' options (libx264, libx265, libsvtav1).
extension VideoCodec {
    /// SVT-AV1's preset (0 slowest … 13 fastest) for an x264 preset, one step per name:
    /// ultrafast 12, superfast 11, veryfast 10, faster 9, fast 8, medium 7, slow 6, slower 5, veryslow 4.
    /// 13 is left out (a demo mode), and presets below 4 cost many times more for a little size.
    public static func svtAV1Preset(_ preset: CompressionPreset) -> Int {
        12 - preset.rank
    }

    /// The encoder's preset option value: x264/x265 take the name, SVT-AV1 its number.
    func softwarePreset(_ preset: CompressionPreset) -> String {
        self == .av1 ? String(Self.svtAV1Preset(preset)) : preset.rawValue
    }

    /// `-x265-params` keys every libx265 run gets: its banner and per-frame info quieted.
    static let x265Quiet = "log-level=error"

    /// Constant-quality options: `-preset P -crf L` (x265 also quieted).
    func softwareQualityArguments(level: Int, preset: CompressionPreset) -> [String] {
        let quality = ["-preset", softwarePreset(preset), "-crf", String(level)]
        return self == .hevc ? quality + ["-x265-params", Self.x265Quiet] : quality
    }

    /// The pixel format written: 4:2:0 8-bit, except that HEVC and AV1 keep 10 bits of a 10-bit
    /// source (`yuv420p10le`); H.264 is always 8-bit 4:2:0, the only kind players all decode.
    func softwarePixelFormat(highBitDepth: Bool) -> String {
        self != .h264 && highBitDepth ? "yuv420p10le" : "yuv420p"
    }
}
