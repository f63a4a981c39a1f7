import Foundation
import SpoolCore

/// The ffmpeg commands that turn a downloaded video and a voice track into the final file: the
/// video copied untouched, the original audio as `a:0`, and as `a:1` the voice over the original,
/// which is ducked while the voice speaks, normalised to a loudness target, tagged and default.
///
/// Two passes: the first measures the mix's loudness (EBU R128, loudnorm), the second mixes again,
/// applies that measurement linearly and writes the file. The graph is the same in both, so the
/// measurement fits what is written.
///
/// A mix is the core's ``VoiceOverRequest``; this file adds the commands ffmpeg runs for it.
public typealias VoiceOverMix = VoiceOverRequest

extension VoiceOverRequest {
    /// Mixing settings (from configuration).
    public typealias Settings = VoiceOverSettings

    /// The filter graph from inputs 0 (source) and 1 (voice) to `[mix]`, ending with `loudness`.
    ///
    /// `sidechaincompress` keyed by the voice with a hard ratio pulls the original's gain towards 0
    /// while the voice is above the threshold; `mix` then blends the dry signal back so the original
    /// lands at `duckingLevel` under speech and at full level between phrases.
    public func filterGraph(loudness: String) -> String {
        let length = Self.seconds(duration)
        let blend = Self.number(1 - settings.duckingLevel)
        let format = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=0:\(length)"
        return [
            "[0:a:0]\(format)[orig]",
            "[1:a:0]\(format)[voice]",
            "[voice]asplit=2[key][speech]",
            "[orig][key]sidechaincompress=threshold=0.003:ratio=20:attack=10:release=250:level_sc=1:mix=\(blend)[ducked]",
            "[ducked][speech]amix=inputs=2:duration=first:normalize=0,\(loudness),aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[mix]",
        ].joined(separator: ";")
    }

    /// The loudnorm filter of the measuring pass.
    public var measuringFilter: String {
        "loudnorm=I=\(Self.number(settings.loudnessTarget)):TP=\(Self.number(settings.truePeak)):LRA=20:print_format=json"
    }

    /// The loudnorm filter of the writing pass, applying `measurement` linearly.
    public func normalizingFilter(_ measurement: LoudnessMeasurement) -> String {
        "loudnorm=I=\(Self.number(settings.loudnessTarget)):TP=\(Self.number(settings.truePeak)):LRA=20"
            + ":measured_I=\(Self.number(measurement.integrated)):measured_TP=\(Self.number(measurement.truePeak))"
            + ":measured_LRA=\(Self.number(measurement.range)):measured_thresh=\(Self.number(measurement.threshold))"
            + ":offset=\(Self.number(measurement.offset)):linear=true"
    }

    /// Arguments of the measuring pass (run with log level `info`; the report is on stderr).
    public var measureArguments: [String] {
        [
            "-i", FFmpeg.fileURL(source), "-i", FFmpeg.fileURL(voice),
            "-filter_complex", filterGraph(loudness: measuringFilter),
            "-map", "[mix]", "-f", "null", "-",
        ]
    }

    /// Arguments of the writing pass; without a measurement (a silent mix) the level is left alone.
    public func muxArguments(_ measurement: LoudnessMeasurement?) -> [String] {
        let isMP4 = ["mp4", "m4v", "m4a", "mov"].contains((output as NSString).pathExtension.lowercased())
        var arguments = [
            "-i", FFmpeg.fileURL(source), "-i", FFmpeg.fileURL(voice),
            "-filter_complex", filterGraph(loudness: measurement.map(normalizingFilter) ?? "anull"),
        ]
        if hasVideo { arguments += ["-map", "0:v?"] }
        arguments += ["-map", "0:a:0", "-map", "[mix]", "-map", "0:s?"]
        if !isMP4 { arguments += ["-map", "0:t?"] }
        arguments += [
            "-c:v", "copy", "-c:s", "copy", "-c:a:0", "copy",
            "-c:a:1", "aac", "-b:a:1", settings.bitrate,
            "-metadata:s:a:1", "language=\(LanguageCode.bibliographic(voiceLanguage))",
            "-metadata:s:a:1", "title=\(LanguageCode.name(voiceLanguage)) voice-over",
            "-metadata:s:a:0", "title=Original",
            "-disposition:a:0", "0", "-disposition:a:1", "default",
        ]
        if let originalLanguage {
            arguments += ["-metadata:s:a:0", "language=\(LanguageCode.bibliographic(originalLanguage))"]
        }
        if isMP4 {
            // MP4 players read a track's name from its handler name.
            arguments += [
                "-metadata:s:a:1", "handler_name=\(LanguageCode.name(voiceLanguage)) voice-over",
                "-metadata:s:a:0", "handler_name=Original", "-movflags", "+faststart",
            ]
        }
        arguments.append(FFmpeg.fileURL(output))
        return arguments
    }

    /// Seconds as ffmpeg reads them, to the microsecond.
    static func seconds(_ value: Double) -> String {
        String(format: "%.6f", max(value, 0))
    }

    /// A plain decimal number.
    static func number(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}

/// What loudnorm's measuring pass reports (its JSON block on stderr).
public struct LoudnessMeasurement: Sendable, Hashable {
    /// Integrated loudness, LUFS (`input_i`).
    public var integrated: Double
    /// True peak, dBTP (`input_tp`).
    public var truePeak: Double
    /// Loudness range, LU (`input_lra`).
    public var range: Double
    /// Gating threshold, LUFS (`input_thresh`).
    public var threshold: Double
    /// Offset gain for the second pass (`target_offset`).
    public var offset: Double

    /// Creates a measurement.
    public init(integrated: Double, truePeak: Double, range: Double, threshold: Double, offset: Double) {
        self.integrated = integrated
        self.truePeak = truePeak
        self.range = range
        self.threshold = threshold
        self.offset = offset
    }

    /// Finds loudnorm's JSON report in ffmpeg's stderr; nil when there is none or it is unusable
    /// (silence measures `-inf`).
    public init?(ffmpegOutput: String) {
        guard let open = ffmpegOutput.range(of: "{", options: .backwards),
              let close = ffmpegOutput.range(of: "}", range: open.upperBound..<ffmpegOutput.endIndex),
              let object = try? JSONSerialization.jsonObject(with: Data(ffmpegOutput[open.lowerBound..<close.upperBound].utf8)) as? [String: Any]
        else { return nil }
        func value(_ key: String) -> Double? {
            (object[key] as? String).flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
        }
        guard let integrated = value("input_i"), let truePeak = value("input_tp"), let range = value("input_lra"),
              let threshold = value("input_thresh")
        else { return nil }
        self.init(integrated: integrated, truePeak: truePeak, range: range, threshold: threshold, offset: value("target_offset") ?? 0)
    }
}
