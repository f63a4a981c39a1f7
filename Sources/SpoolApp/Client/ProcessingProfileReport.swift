import SpoolAPIModels
import SpoolCore

/// The `spool processing show` report: every setting of a processing profile in words.
public struct ProcessingProfileReport: Sendable {
    /// The profile.
    public var profile: ProcessingProfileDTO

    /// Creates a report.
    public init(profile: ProcessingProfileDTO) {
        self.profile = profile
    }

    /// The rendered lines.
    public func lines() -> [String] {
        let rows: [(String, String)] = [
            ("Name", "\(profile.name) (\(ProcessingProfileTable.origin(of: profile)))"),
            ("Quality", "\(profile.quality.rawValue) (at most \(profile.quality.maxHeight) pixels high, never scaled up)"),
            ("Codec", profile.codec.rawValue),
            ("Preset", profile.preset.rawValue),
            ("Level", "\(profile.effectiveLevel)" + (profile.level == nil ? " (the codec's default)" : "")),
            ("Audio", profile.audio == .copy ? "copied" : "\(profile.audio.rawValue) at \(profile.audioBitrate) kbit/s"),
            ("Container", profile.container?.rawValue ?? "the download's"),
            ("GPU", profile.useGPU ? "yes, the best working hardware encoder (software when none works)" : "no"),
            ("Copy compliant", profile.copyWhenCompliant ? "yes (a file that already meets the profile is not re-encoded)" : "no"),
            ("Target size", profile.targetSizeMB.map { "\($0) MB (two passes)" } ?? "none (constant quality)"),
            ("Original", profile.keepOriginal ? "kept beside the result" : "replaced by the result"),
            ("Quality score", profile.qualityMetric?.rawValue ?? "none"),
            ("Decode check", profile.fullDecodeCheck ? "the whole result" : "no"),
        ]
        return rows.map { label, value in TextWidth.pad(label + ":", to: 16) + value }
    }
}
