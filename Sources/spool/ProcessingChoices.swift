import ArgumentParser

/// `spool processing set --quality` values.
enum QualityChoice: String, CaseIterable, ExpressibleByArgument {
    case p480 = "480p", p720 = "720p", p1080 = "1080p", p1440 = "1440p", p2160 = "2160p"
}

/// `spool processing set --codec` values.
enum CodecChoice: String, CaseIterable, ExpressibleByArgument {
    case h264, hevc, av1
}

/// `spool processing set --preset` values.
enum PresetChoice: String, CaseIterable, ExpressibleByArgument {
    case ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow
}

/// `spool processing set --audio` values.
enum AudioChoice: String, CaseIterable, ExpressibleByArgument {
    case copy, aac, opus
}

/// `spool processing set --container` values: a container, or `keep` for the download's.
enum ProcessingContainerChoice: String, CaseIterable, ExpressibleByArgument {
    case mkv, mp4, keep
}

/// `spool processing set --quality-metric` values, `none` for no score.
enum MetricChoice: String, CaseIterable, ExpressibleByArgument {
    case ssim, psnr, vmaf, none
}

/// `spool processing set --keep-original` / `--replace-original`.
enum OriginalChoice: String, EnumerableFlag {
    case keepOriginal, replaceOriginal

    static func help(for value: OriginalChoice) -> ArgumentHelp? {
        switch value {
        case .keepOriginal: "Keep the download beside the result."
        case .replaceOriginal: "Replace the download with the result."
        }
    }
}

/// A number, or a word that clears it (`--level default`, `--target-size none`).
struct NumberOrNone: ExpressibleByArgument {
    /// The number; nil for the clearing word.
    let value: Int?

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if ["none", "default", "off"].contains(text) {
            value = nil
        } else if let number = Int(text) {
            value = number
        } else {
            return nil
        }
    }
}
