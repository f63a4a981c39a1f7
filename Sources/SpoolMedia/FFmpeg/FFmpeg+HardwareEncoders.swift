import SpoolCore

extension FFmpeg {
    /// The encoder names in `ffmpeg -hide_banner -encoders` output (lines like
    /// ` V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)`, after the legend).
    public static func encoderNames(inEncoderList output: String) -> Set<String> {
        var names: Set<String> = []
        var pastLegend = false
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "------" {
                pastLegend = true
                continue
            }
            guard pastLegend, fields.count >= 2, fields[0].count == 6 else { continue }
            names.insert(String(fields[1]))
        }
        return names
    }

    /// The hardware encoders in an encoder list, as untested statuses, in preference order:
    /// ``HardwareAPI`` order, then ``VideoCodec`` order (`h264_nvenc`, `hevc_nvenc`, `h264_amf`…).
    public static func hardwareCandidates(inEncoderList output: String) -> [HardwareEncoderStatus] {
        let names = encoderNames(inEncoderList: output)
        return HardwareAPI.allCases.flatMap { api in
            VideoCodec.allCases.compactMap { codec in
                let name = api.encoderName(for: codec)
                return names.contains(name) ? HardwareEncoderStatus(name: name, codec: codec, api: api, works: false) : nil
            }
        }
    }

    /// A 1 s 512×512 black test encode with `encoder` into nothing, started as the transcoder starts
    /// a real one: the API's device, upload filters, pixel format and constant-quality options.
    public static func hardwareTestArguments(for encoder: HardwareEncoderStatus) -> [String] {
        let api = encoder.api
        let filters = api.uploadFilters(highBitDepth: false)
        return api.deviceArguments
            + ["-f", "lavfi", "-i", "color=c=black:s=512x512:r=30:d=1"]
            + (filters.isEmpty ? [] : ["-vf", filters.joined(separator: ",")])
            + ["-c:v", encoder.name]
            + (api.pixelFormat(highBitDepth: false).map { ["-pix_fmt", $0] } ?? [])
            + api.constantQualityArguments(level: encoder.codec.defaultLevel, preset: .medium, height: 512)
            + ["-f", "null", "-"]
    }
}
