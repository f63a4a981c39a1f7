import Foundation

/// What the PROCESSING stage does with one file, decided from the profile and the file's probe
/// before ffmpeg starts: skip it, stream-copy it (already compliant), or encode it at constant
/// quality or, for a target size, in two passes at a computed bit rate.
public struct TranscodePlan: Sendable, Hashable {
    /// How the file is written.
    public enum Mode: String, Sendable, Codable, Hashable {
        /// Nothing to do (no video stream): the file stays as it is.
        case skip
        /// Every stream copied into the result's container (the file already meets the profile).
        case copy
        /// Video re-encoded at the profile's constant-quality level.
        case encode
        /// Video re-encoded in two passes at ``TranscodePlan/videoBitrate`` to fit a target size.
        case twoPass = "two_pass"
    }

    /// How subtitle streams are carried.
    public enum Subtitles: String, Sendable, Codable, Hashable {
        /// Copied as they are.
        case copy
        /// Converted to MP4's text format (`mov_text`).
        case movText = "mov_text"
        /// Left out (picture subtitles an MP4 cannot hold).
        case drop
    }

    /// How the file is written.
    public var mode: Mode
    /// The result's container.
    public var container: OutputContainer
    /// Height to scale the video down to (width follows, kept even); nil keeps the size.
    public var scaleToHeight: Int?
    /// Video bit rate in kbit/s for ``Mode/twoPass``.
    public var videoBitrate: Int?
    /// The audio encoder (`aac`, `libopus`); nil copies every audio track.
    public var audioEncoder: String?
    /// How subtitle streams are carried.
    public var subtitles: Subtitles
    /// Why the file does not meet the profile (empty for ``Mode/copy`` and ``Mode/skip``).
    public var reasons: [String]

    /// Creates a plan.
    public init(
        mode: Mode, container: OutputContainer, scaleToHeight: Int? = nil, videoBitrate: Int? = nil,
        audioEncoder: String? = nil, subtitles: Subtitles = .copy, reasons: [String] = []
    ) {
        self.mode = mode
        self.container = container
        self.scaleToHeight = scaleToHeight
        self.videoBitrate = videoBitrate
        self.audioEncoder = audioEncoder
        self.subtitles = subtitles
        self.reasons = reasons
    }

    /// Audio codecs an MP4 holds without re-encoding.
    static let mp4Audio: Set<String> = ["aac", "mp3", "opus", "ac3", "eac3", "alac", "flac"]
    /// Subtitle codecs that are text (convertible to `mov_text`).
    static let textSubtitles: Set<String> = ["subrip", "srt", "ass", "ssa", "webvtt", "mov_text", "text"]
    /// The lowest video bit rate a target size may leave, in kbit/s.
    public static let minimumVideoBitrate = 50

    /// The plan for a file probed as `probe` under `profile`.
    ///
    /// - Throws: `invalid_input` when a target size is too small for the file's duration.
    public static func make(profile: ProcessingProfile, probe: MediaProbe) throws(SpoolError) -> TranscodePlan {
        let container = profile.container ?? OutputContainer(probedFormat: probe.formatName) ?? .mkv
        let videos = probe.videoStreams
        guard !videos.isEmpty else {
            return TranscodePlan(mode: .skip, container: container, reasons: ["the file has no video stream"])
        }
        var reasons: [String] = []
        var videoCompliant = true
        let codecs = Set(videos.compactMap(\.codecName))
        if codecs != [profile.codec.probeName] {
            reasons.append("video is \(codecs.isEmpty ? "unknown" : codecs.sorted().joined(separator: "+")), not \(profile.codec.rawValue)")
            videoCompliant = false
        }
        let height = videos.compactMap(\.height).max()
        let maxHeight = profile.quality.maxHeight
        let scaleToHeight = height.flatMap { $0 > maxHeight ? maxHeight : nil }
        if let height, scaleToHeight != nil {
            reasons.append("\(height) pixels high, more than \(maxHeight)")
            videoCompliant = false
        }
        let audioCodecs = probe.audioStreams.map { $0.codecName ?? "unknown" }
        let audioEncoder = audioEncoder(profile: profile, container: container, codecs: audioCodecs)
        if let audioEncoder {
            reasons.append("audio \(Set(audioCodecs).sorted().joined(separator: "+")) becomes \(audioEncoder)")
        }
        let sourceContainer = OutputContainer(probedFormat: probe.formatName)
        if sourceContainer != container {
            reasons.append("container becomes \(container.rawValue)")
        }
        let targetBytes = profile.targetSizeMB.map { Int64($0) * 1_000_000 }
        if let targetBytes, let size = probe.size, size > targetBytes {
            reasons.append("\(size / 1_000_000) MB, more than the \(targetBytes / 1_000_000) MB target")
            videoCompliant = false
        }
        let subtitles = subtitlePlan(container: container, probe: probe)
        if profile.copyWhenCompliant && videoCompliant {
            // Only the container or the audio differ: the video is copied, never re-encoded.
            return TranscodePlan(mode: .copy, container: container, audioEncoder: audioEncoder, subtitles: subtitles, reasons: reasons)
        }
        guard let targetBytes else {
            return TranscodePlan(mode: .encode, container: container, scaleToHeight: scaleToHeight, audioEncoder: audioEncoder, subtitles: subtitles, reasons: reasons)
        }
        guard let duration = probe.duration, duration > 0 else {
            throw SpoolError(.invalidInput, "a target size needs the video's duration, which ffprobe could not read")
        }
        let audioKbps = probe.audioStreams.reduce(0) { total, stream in
            total + (audioEncoder == nil ? (stream.bitRate.map { Int($0 / 1000) } ?? profile.audioBitrate) : profile.audioBitrate)
        }
        // 3 % of the target is left for the container's overhead.
        let totalKbps = Int(Double(targetBytes) * 8 * 0.97 / duration / 1000)
        let videoKbps = totalKbps - audioKbps
        guard videoKbps >= minimumVideoBitrate else {
            let needed = Int64((Double(audioKbps + minimumVideoBitrate) * 1000 * duration / 8 / 0.97 / 1_000_000).rounded(.up))
            throw SpoolError(.invalidInput, "a \(Int(duration)) s video does not fit in \(targetBytes / 1_000_000) MB with its audio; it needs at least \(needed) MB")
        }
        return TranscodePlan(
            mode: .twoPass, container: container, scaleToHeight: scaleToHeight, videoBitrate: videoKbps,
            audioEncoder: audioEncoder, subtitles: subtitles, reasons: reasons
        )
    }

    private static func audioEncoder(profile: ProcessingProfile, container: OutputContainer, codecs: [String]) -> String? {
        guard !codecs.isEmpty else { return nil }
        switch profile.audio {
        case .copy:
            return container == .mp4 && !codecs.allSatisfy(mp4Audio.contains) ? "aac" : nil
        case .aac:
            return codecs.allSatisfy { $0 == "aac" } ? nil : "aac"
        case .opus:
            return codecs.allSatisfy { $0 == "opus" } ? nil : "libopus"
        }
    }

    private static func subtitlePlan(container: OutputContainer, probe: MediaProbe) -> Subtitles {
        let codecs = probe.streams.filter { $0.kind == .subtitle }.map { $0.codecName ?? "unknown" }
        guard container == .mp4, !codecs.isEmpty else { return .copy }
        if codecs.allSatisfy({ $0 == "mov_text" }) { return .copy }
        return codecs.allSatisfy(textSubtitles.contains) ? .movText : .drop
    }
}

extension OutputContainer {
    /// The container of a probed file (`matroska,webm` → mkv, `mov,mp4,…` → mp4); nil for others.
    public init?(probedFormat: String?) {
        guard let format = probedFormat?.lowercased() else { return nil }
        if format.contains("matroska") || format.contains("webm") {
            self = .mkv
        } else if format.contains("mp4") || format.contains("mov") {
            self = .mp4
        } else {
            return nil
        }
    }
}
