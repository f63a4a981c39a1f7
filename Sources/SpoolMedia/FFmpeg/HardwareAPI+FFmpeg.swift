import SpoolCore

/// How ffmpeg drives each hardware API: the device opened before the input, the filters that hand
/// frames to the device, the pixel format and the rate-control options. The transcoder and the
/// detector's test encode both build their arguments here, so a test that passes means the real
/// encode starts the same way.
extension HardwareAPI {
    /// The render node VA-API opens (the first GPU).
    public static let vaapiDevice = "/dev/dri/renderD128"

    /// Options that go before `-i`: VA-API opens its device there.
    public var deviceArguments: [String] {
        self == .vaapi ? ["-vaapi_device", Self.vaapiDevice] : []
    }

    /// Filters appended after any scaling: VA-API converts the frames to NV12 (P010 for 10 bits)
    /// and uploads them to the device; the others take frames from memory.
    public func uploadFilters(highBitDepth: Bool) -> [String] {
        self == .vaapi ? ["format=\(highBitDepth ? "p010" : "nv12")", "hwupload"] : []
    }

    /// The pixel format given to the encoder with `-pix_fmt` (nil for VA-API, whose upload filter
    /// sets it). V4L2 M2M encoders take 8 bits only.
    public func pixelFormat(highBitDepth: Bool) -> String? {
        switch self {
        case .vaapi: nil
        case .v4l2m2m: "yuv420p"
        case .nvenc: highBitDepth ? "p010le" : "yuv420p"
        case .qsv, .amf, .videotoolbox: highBitDepth ? "p010le" : "nv12"
        }
    }

    /// Constant-quality options at `level` (the profile's CRF-like number, 0–51).
    ///
    /// NVENC: `-preset p1…p7 -rc vbr -cq L -b:v 0` (no bit-rate cap); QSV: `-preset -global_quality L`;
    /// VA-API: `-rc_mode CQP -qp L`; AMF: `-quality speed|balanced|quality -rc cqp -qp_i L -qp_p L`;
    /// VideoToolbox: `-q:v` (1–100, higher is better, mapped from L); V4L2 M2M has no quality mode,
    /// so it gets ``defaultBitrate(height:)``.
    ///
    /// - Parameter height: The output's picture height, for V4L2 M2M's bit rate.
    public func constantQualityArguments(level: Int, preset: CompressionPreset, height: Int?) -> [String] {
        let value = String(level)
        switch self {
        case .nvenc: return ["-preset", Self.nvencPreset(preset), "-rc", "vbr", "-cq", value, "-b:v", "0"]
        case .qsv: return ["-preset", Self.qsvPreset(preset), "-global_quality", value]
        case .vaapi: return ["-rc_mode", "CQP", "-qp", value]
        case .amf: return ["-quality", Self.amfQuality(preset), "-rc", "cqp", "-qp_i", value, "-qp_p", value]
        case .videotoolbox: return ["-q:v", String(Self.videoToolboxQuality(level: level))]
        case .v4l2m2m: return ["-b:v", "\(Self.defaultBitrate(height: height))k"]
        }
    }

    /// Average bit-rate options for a target size (hardware encoders make one pass): `-b:v` with a
    /// `-maxrate` of 1.5× and a 2× `-bufsize`, in each API's variable-rate mode.
    public func bitrateArguments(kbps: Int, preset: CompressionPreset) -> [String] {
        let rate = ["-b:v", "\(kbps)k", "-maxrate", "\(kbps * 3 / 2)k", "-bufsize", "\(kbps * 2)k"]
        switch self {
        case .nvenc: return ["-preset", Self.nvencPreset(preset), "-rc", "vbr"] + rate
        case .qsv: return ["-preset", Self.qsvPreset(preset)] + rate
        case .vaapi: return ["-rc_mode", "VBR"] + rate
        case .amf: return ["-quality", Self.amfQuality(preset), "-rc", "vbr_peak"] + rate
        case .videotoolbox, .v4l2m2m: return rate
        }
    }

    /// NVENC's preset for an x264 preset: ultrafast p1, superfast/veryfast p2, faster/fast p3,
    /// medium p4 (NVENC's default), slow p5, slower p6, veryslow p7.
    static func nvencPreset(_ preset: CompressionPreset) -> String {
        let number = switch preset {
        case .ultrafast: 1
        case .superfast, .veryfast: 2
        case .faster, .fast: 3
        case .medium: 4
        case .slow: 5
        case .slower: 6
        case .veryslow: 7
        }
        return "p\(number)"
    }

    /// QSV takes x264's names from `veryfast` on; the two faster ones become `veryfast`.
    static func qsvPreset(_ preset: CompressionPreset) -> String {
        preset.rank < CompressionPreset.veryfast.rank ? CompressionPreset.veryfast.rawValue : preset.rawValue
    }

    /// AMF's three qualities: up to `veryfast` speed, up to `medium` balanced, slower quality.
    static func amfQuality(_ preset: CompressionPreset) -> String {
        if preset.rank <= CompressionPreset.veryfast.rank { return "speed" }
        return preset.rank <= CompressionPreset.medium.rank ? "balanced" : "quality"
    }

    /// VideoToolbox's `-q:v` (1–100, higher is better) for a CRF-like level: 100 − 2×level, kept
    /// in 1…100 (x264's 23 gives 54, x265's 28 gives 44).
    static func videoToolboxQuality(level: Int) -> Int {
        min(max(100 - 2 * level, 1), 100)
    }

    /// A bit rate for encoders without a quality mode, in kbit/s, by output height: ≤ 480 1500,
    /// ≤ 720 3000, ≤ 1080 6000, ≤ 1440 10000, else 20000 (1080p when the height is unknown).
    public static func defaultBitrate(height: Int?) -> Int {
        switch height ?? 1080 {
        case ...480: 1500
        case ...720: 3000
        case ...1080: 6000
        case ...1440: 10000
        default: 20000
        }
    }
}
