import SpoolCore

/// The ffmpeg runs of one transcode, built from the request and ffprobe's view of the source: one
/// run, or two for a two-pass x264/x265 encode. Pure, so every choice is testable without ffmpeg.
///
/// - `copy`: every stream copied (`-map 0 -c copy`), data streams dropped, audio re-encoded only
///   when the plan names an encoder, subtitles copied, converted or dropped as planned.
/// - `encode`: every real video stream (cover art left out), every audio, subtitle and (in
///   Matroska) attachment stream, with their tags, dispositions, the file's metadata and chapters;
///   video encoded at the profile's level.
/// - `twoPass`: x264 and x265 measure in a first run and encode at the planned bit rate in a
///   second; SVT-AV1 and hardware encoders make one run at that bit rate with a peak cap.
///
/// Paths are passed as `file:` URLs. A two-pass x265 encode names its stats file relative to the
/// work folder (`-x265-params` cannot escape a `:` in a path), so its runs set
/// ``Pass/workingDirectory``: the source and output must then be absolute paths.
///
/// Covers in a Matroska result: ffmpeg 5.1's Matroska muxer writes a copied cover as a one-frame
/// video track that players may pick, so covers are left out there (MP4 keeps them when copying).
public struct TranscodeArguments: Sendable, Hashable {
    /// One ffmpeg run.
    public struct Pass: Sendable, Hashable {
        /// ffmpeg's arguments after ``FFmpeg/commonArguments(logLevel:)``.
        public var arguments: [String]
        /// The folder ffmpeg runs in, when it matters (two-pass x265).
        public var workingDirectory: String?
        /// The part of the whole transcode's 0…100 this run covers.
        public var progressRange: ClosedRange<Double>
    }

    /// The encode.
    public let request: TranscodeRequest
    /// ffprobe's view of `request.source`.
    public let source: ProbeResult
    /// The file ffmpeg writes (the temporary name the transcoder renames afterwards).
    public let output: String

    /// Names of a two-pass encode's log files in the work folder all start with this.
    public static let passLogName = "spool-pass"

    /// Collects what the runs are built from.
    public init(request: TranscodeRequest, source: ProbeResult, output: String) {
        self.request = request
        self.source = source
        self.output = output
    }

    /// The runs, in order (none for a `skip` plan).
    public var passes: [Pass] {
        switch request.plan.mode {
        case .skip:
            return []
        case .copy:
            return [Pass(arguments: copyArguments, workingDirectory: nil, progressRange: 0...100)]
        case .encode:
            return [Pass(arguments: encodeArguments(rate: .quality), workingDirectory: nil, progressRange: 0...100)]
        case .twoPass:
            guard let kbps = request.plan.videoBitrate else {
                return [Pass(arguments: encodeArguments(rate: .quality), workingDirectory: nil, progressRange: 0...100)]
            }
            guard request.hardware == nil, codec != .av1 else {
                return [Pass(arguments: encodeArguments(rate: .bitrate(kbps)), workingDirectory: nil, progressRange: 0...100)]
            }
            let folder = codec == .hevc ? request.workDirectory : nil
            return [
                Pass(arguments: firstPassArguments(kbps: kbps), workingDirectory: folder, progressRange: 0...50),
                Pass(arguments: encodeArguments(rate: .pass(2, kbps: kbps)), workingDirectory: folder, progressRange: 50...100),
            ]
        }
    }

    /// `-map 0 -c copy` without data streams, then the audio and subtitle changes.
    var copyArguments: [String] {
        var arguments = ["-i", FFmpeg.fileURL(request.source), "-map", "0", "-map", "-0:d"]
        if container == .mp4 {
            arguments += ["-map", "-0:t"]
        } else {
            arguments += source.streams.filter { $0.codecType == "video" && isPicture($0) }.flatMap { ["-map", "-0:\($0.index)"] }
        }
        if request.plan.subtitles == .drop { arguments += ["-map", "-0:s"] }
        arguments += Self.metadataArguments + ["-c", "copy"]
        if container == .mp4 {
            // Copied HEVC gets the `hvc1` tag Apple players need; the index counts video streams
            // as ffmpeg does, covers included.
            let videos = source.streams.filter { $0.codecType == "video" }
            for (position, stream) in videos.enumerated() where stream.codecName == "hevc" && !isPicture(stream) {
                arguments += ["-tag:v:\(position)", "hvc1"]
            }
        }
        return arguments + audioArguments(copyFlag: false) + subtitleArguments(copyFlag: false) + outputArguments
    }

    /// The encode (or a two-pass encode's second run).
    func encodeArguments(rate: RateControl) -> [String] {
        var arguments = inputArguments + videoMaps + ["-map", "0:a?"]
        if request.plan.subtitles != .drop { arguments += ["-map", "0:s?"] }
        if container == .mkv { arguments += ["-map", "0:t?"] }
        arguments += Self.metadataArguments + filterArguments + videoArguments(rate: rate)
        if codec == .hevc, container == .mp4 { arguments += ["-tag:v", "hvc1"] }
        return arguments + audioArguments(copyFlag: true) + subtitleArguments(copyFlag: true) + outputArguments
    }

    /// A two-pass encode's first run: video only, statistics written, nothing else.
    func firstPassArguments(kbps: Int) -> [String] {
        inputArguments + videoMaps + filterArguments + videoArguments(rate: .pass(1, kbps: kbps))
            + ["-an", "-sn", "-dn", "-f", "null", "/dev/null"]
    }

    /// Every real video stream by its index (covers, including one a muxer stored as a plain
    /// one-frame track, are not encoded).
    private var videoMaps: [String] {
        source.videoStreams.flatMap { ["-map", "0:\($0.index)"] }
    }

    /// The file's metadata and chapters (stream tags and dispositions follow their streams by default).
    static let metadataArguments = ["-map_metadata", "0", "-map_chapters", "0"]

    /// The result's container.
    var container: OutputContainer { request.plan.container }

    /// The hardware device (VA-API) and the input.
    private var inputArguments: [String] {
        (request.hardware?.api.deviceArguments ?? []) + ["-i", FFmpeg.fileURL(request.source)]
    }

    /// `-c:a copy`, or the planned encoder at the profile's bit rate.
    private func audioArguments(copyFlag: Bool) -> [String] {
        guard let encoder = request.plan.audioEncoder else { return copyFlag ? ["-c:a", "copy"] : [] }
        return ["-c:a", encoder, "-b:a", "\(request.profile.audioBitrate)k"]
    }

    /// Subtitles copied or converted to `mov_text`; a Matroska result turns MP4's `mov_text`
    /// (which Matroska cannot hold) into SubRip.
    private func subtitleArguments(copyFlag: Bool) -> [String] {
        switch request.plan.subtitles {
        case .drop:
            return []
        case .movText:
            return ["-c:s", "mov_text"]
        case .copy:
            var arguments = copyFlag ? ["-c:s", "copy"] : []
            if container == .mkv {
                for (position, stream) in source.subtitleStreams.enumerated() where stream.codecName == "mov_text" {
                    arguments += ["-c:s:\(position)", "srt"]
                }
            }
            return arguments
        }
    }

    /// Fast start for MP4, the format, the output.
    private var outputArguments: [String] {
        switch container {
        case .mp4: ["-movflags", "+faststart", "-f", "mp4", FFmpeg.fileURL(output)]
        case .mkv: ["-f", "matroska", FFmpeg.fileURL(output)]
        }
    }

    /// Whether a video-typed stream is a still picture (cover art) rather than a video.
    private func isPicture(_ stream: ProbeResult.Stream) -> Bool {
        !source.videoStreams.contains { $0.index == stream.index }
    }
}
