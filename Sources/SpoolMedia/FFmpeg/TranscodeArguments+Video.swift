import SpoolCore

extension TranscodeArguments {
    /// How the video's size is decided.
    enum RateControl: Hashable {
        /// The profile's constant-quality level.
        case quality
        /// An average bit rate in kbit/s, one run.
        case bitrate(Int)
        /// Run 1 or 2 of a two-pass encode at a bit rate in kbit/s.
        case pass(Int, kbps: Int)
    }

    /// The codec written: the hardware encoder's, else the profile's.
    var codec: VideoCodec { request.hardware?.codec ?? request.profile.codec }

    /// Whether the result keeps 10 bits per sample (HEVC or AV1 from a 10-bit source).
    var keepsHighBitDepth: Bool {
        codec != .h264 && (source.mediaProbe.videoStreams.first?.isHighBitDepth ?? false)
    }

    /// The tallest source picture.
    var sourceHeight: Int? { source.videoStreams.compactMap(\.height).max() }

    /// The height the plan scales down to, when the source is taller (never up).
    var scaleHeight: Int? {
        guard let target = request.plan.scaleToHeight else { return nil }
        guard let sourceHeight else { return target }
        return sourceHeight > target ? target : nil
    }

    /// `-vf` with the scaling (`scale=-2:H`: width follows, kept even) and a hardware API's upload.
    var filterArguments: [String] {
        let filters = (scaleHeight.map { ["scale=-2:\($0)"] } ?? [])
            + (request.hardware?.api.uploadFilters(highBitDepth: keepsHighBitDepth) ?? [])
        return filters.isEmpty ? [] : ["-vf", filters.joined(separator: ",")]
    }

    /// The video encoder with its pixel format and rate control; the level is the profile's, else
    /// the written codec's default.
    func videoArguments(rate: RateControl) -> [String] {
        var arguments = ["-c:v", request.encoderName]
        let profile = request.profile
        let level = profile.level ?? codec.defaultLevel
        if let api = request.hardware?.api {
            if let format = api.pixelFormat(highBitDepth: keepsHighBitDepth) { arguments += ["-pix_fmt", format] }
            switch rate {
            case .quality:
                arguments += api.constantQualityArguments(level: level, preset: profile.preset, height: scaleHeight ?? sourceHeight)
            case .bitrate(let kbps), .pass(_, let kbps):
                arguments += api.bitrateArguments(kbps: kbps, preset: profile.preset)
            }
            return arguments
        }
        arguments += ["-pix_fmt", codec.softwarePixelFormat(highBitDepth: keepsHighBitDepth)]
        switch rate {
        case .quality:
            arguments += codec.softwareQualityArguments(level: level, preset: profile.preset)
        case .bitrate(let kbps):
            arguments += ["-preset", codec.softwarePreset(profile.preset), "-b:v", "\(kbps)k", "-maxrate", "\(kbps * 3 / 2)k", "-bufsize", "\(kbps * 2)k"]
            if codec == .hevc { arguments += ["-x265-params", VideoCodec.x265Quiet] }
        case .pass(let pass, let kbps):
            arguments += ["-preset", codec.softwarePreset(profile.preset), "-b:v", "\(kbps)k"]
            if codec == .hevc {
                arguments += ["-x265-params", "\(VideoCodec.x265Quiet):pass=\(pass):stats=\(Self.passLogName).x265.log"]
            } else {
                arguments += ["-pass", String(pass), "-passlogfile", request.workDirectory + "/" + Self.passLogName]
            }
        }
        return arguments
    }
}
