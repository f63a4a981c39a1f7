import SpoolCore
@testable import SpoolMedia
import Testing

/// The ffmpeg runs ``TranscodeArguments`` builds for every mode, encoder and container.
@Suite("Transcode arguments")
struct TranscodeArgumentsTests {
    /// A dubbed 1080p download: video, English and Russian audio, a cover picture, a font.
    static let dubbedSource = ProbeResult(formatName: "matroska,webm", duration: 10, size: 5_000_000, bitRate: nil, streams: [
        .init(index: 0, codecType: "video", codecName: "h264", width: 1920, height: 1080, isDefault: true, pixelFormat: "yuv420p"),
        .init(index: 1, codecType: "audio", codecName: "aac", language: "eng"),
        .init(index: 2, codecType: "audio", codecName: "aac", language: "rus", isDefault: true),
        .init(index: 3, codecType: "video", codecName: "mjpeg", width: 300, height: 300, isAttachedPicture: true),
        .init(index: 4, codecType: "attachment", codecName: "ttf"),
    ])

    static func request(
        mode: TranscodePlan.Mode = .encode, container: OutputContainer = .mkv, scaleToHeight: Int? = 720, videoBitrate: Int? = nil,
        audioEncoder: String? = nil, subtitles: TranscodePlan.Subtitles = .copy, codec: VideoCodec = .h264,
        preset: CompressionPreset = .veryfast, hardware: HardwareEncoderStatus? = nil
    ) -> TranscodeRequest {
        let plan = TranscodePlan(mode: mode, container: container, scaleToHeight: scaleToHeight, videoBitrate: videoBitrate, audioEncoder: audioEncoder, subtitles: subtitles)
        let profile = ProcessingProfile(name: "test", quality: .p720, codec: codec, preset: preset, audioBitrate: 128)
        return TranscodeRequest(source: "/in/a.mkv", output: "/out/a.\(container.rawValue)", workDirectory: "/work/j", plan: plan, profile: profile, hardware: hardware)
    }

    static func passes(_ request: TranscodeRequest, source: ProbeResult = dubbedSource) -> [TranscodeArguments.Pass] {
        TranscodeArguments(request: request, source: source, output: request.output + ".partial").passes
    }

    static func arguments(_ request: TranscodeRequest, source: ProbeResult = dubbedSource) throws -> [String] {
        let passes = passes(request, source: source)
        try #require(passes.count == 1)
        return passes[0].arguments
    }

    @Test("x264 encode to Matroska: real video by index, all audio, subtitles and fonts, scaled, metadata kept")
    func x264Matroska() throws {
        #expect(try Self.arguments(Self.request()) == [
            "-i", "file:/in/a.mkv", "-map", "0:0", "-map", "0:a?", "-map", "0:s?", "-map", "0:t?",
            "-map_metadata", "0", "-map_chapters", "0", "-vf", "scale=-2:720",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-crf", "23",
            "-c:a", "copy", "-c:s", "copy", "-f", "matroska", "file:/out/a.mkv.partial",
        ])
    }

    @Test("x265 into MP4: quiet x265, hvc1 tag, mov_text, AAC audio, fast start, no attachments")
    func x265MP4() throws {
        let arguments = try Self.arguments(Self.request(container: .mp4, audioEncoder: "aac", subtitles: .movText, codec: .hevc))
        #expect(arguments.contains(sequence: ["-c:v", "libx265", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-crf", "28", "-x265-params", "log-level=error"]))
        #expect(arguments.contains(sequence: ["-tag:v", "hvc1"]))
        #expect(arguments.contains(sequence: ["-c:a", "aac", "-b:a", "128k", "-c:s", "mov_text"]))
        #expect(arguments.suffix(5) == ["-movflags", "+faststart", "-f", "mp4", "file:/out/a.mp4.partial"])
        #expect(!arguments.contains("0:t?"))
    }

    @Test("SVT-AV1 presets: ultrafast 12 down to veryslow 4, one step per name")
    func svtAV1Presets() throws {
        #expect(CompressionPreset.allCases.map(VideoCodec.svtAV1Preset) == [12, 11, 10, 9, 8, 7, 6, 5, 4])
        let arguments = try Self.arguments(Self.request(codec: .av1, preset: .medium))
        #expect(arguments.contains(sequence: ["-c:v", "libsvtav1", "-pix_fmt", "yuv420p", "-preset", "7", "-crf", "35"]))
    }

    @Test("10-bit sources: HEVC and AV1 keep 10 bits, H.264 goes to 8")
    func highBitDepth() throws {
        var source = Self.dubbedSource
        source.streams[0].pixelFormat = "yuv420p10le"
        #expect(try Self.arguments(Self.request(codec: .hevc), source: source).contains(sequence: ["-pix_fmt", "yuv420p10le"]))
        #expect(try Self.arguments(Self.request(codec: .av1), source: source).contains(sequence: ["-pix_fmt", "yuv420p10le"]))
        #expect(try Self.arguments(Self.request(codec: .h264), source: source).contains(sequence: ["-pix_fmt", "yuv420p"]))
    }

    @Test("never upscaled: a source no taller than the plan's height gets no scale filter")
    func noUpscale() throws {
        var source = Self.dubbedSource
        source.streams[0].height = 480
        #expect(try !Self.arguments(Self.request(scaleToHeight: 720), source: source).contains("-vf"))
        #expect(try !Self.arguments(Self.request(scaleToHeight: nil)).contains("-vf"))
    }

    @Test("copy: every stream but data; covers left out of Matroska, attachments out of MP4")
    func copy() throws {
        let matroska = try Self.arguments(Self.request(mode: .copy, scaleToHeight: nil))
        #expect(matroska == [
            "-i", "file:/in/a.mkv", "-map", "0", "-map", "-0:d", "-map", "-0:3",
            "-map_metadata", "0", "-map_chapters", "0", "-c", "copy", "-f", "matroska", "file:/out/a.mkv.partial",
        ])
        let mp4 = try Self.arguments(Self.request(mode: .copy, container: .mp4, scaleToHeight: nil, audioEncoder: "aac", subtitles: .drop))
        #expect(mp4.contains(sequence: ["-map", "0", "-map", "-0:d", "-map", "-0:t", "-map", "-0:s"]))
        #expect(!mp4.contains("-0:3"), "MP4 keeps the cover")
        #expect(mp4.contains(sequence: ["-c", "copy", "-c:a", "aac", "-b:a", "128k"]))
        #expect(!mp4.contains("-c:v"), "the video is never re-encoded in copy mode")
    }

    @Test("copy: HEVC into MP4 is tagged hvc1, MP4 text subtitles into Matroska become SubRip")
    func copyConversions() throws {
        let hevc = ProbeResult(formatName: "mov,mp4,m4a,3gp,3g2,mj2", duration: 5, size: 1, bitRate: nil, streams: [
            .init(index: 0, codecType: "video", codecName: "mjpeg", isAttachedPicture: true),
            .init(index: 1, codecType: "video", codecName: "hevc", height: 720),
            .init(index: 2, codecType: "subtitle", codecName: "subrip"),
            .init(index: 3, codecType: "subtitle", codecName: "mov_text"),
        ])
        #expect(try Self.arguments(Self.request(mode: .copy, container: .mp4), source: hevc).contains(sequence: ["-tag:v:1", "hvc1"]))
        let matroska = try Self.arguments(Self.request(mode: .copy, container: .mkv), source: hevc)
        #expect(matroska.contains(sequence: ["-c", "copy", "-c:s:1", "srt"]))
        #expect(!matroska.contains("-c:s:0"))
    }

    @Test("two-pass x264: a video-only first run writing the pass log, then the full encode at the bit rate")
    func twoPassX264() {
        let passes = Self.passes(Self.request(mode: .twoPass, videoBitrate: 800))
        #expect(passes.count == 2)
        #expect(passes.map(\.progressRange) == [0...50, 50...100])
        #expect(passes.allSatisfy { $0.workingDirectory == nil })
        let first = passes[0].arguments
        #expect(first.contains(sequence: ["-b:v", "800k", "-pass", "1", "-passlogfile", "/work/j/spool-pass"]))
        #expect(first.suffix(6) == ["-an", "-sn", "-dn", "-f", "null", "/dev/null"])
        #expect(!first.contains("0:a?"))
        let second = passes[1].arguments
        #expect(second.contains(sequence: ["-b:v", "800k", "-pass", "2", "-passlogfile", "/work/j/spool-pass"]))
        #expect(second.contains(sequence: ["-c:a", "copy"]) && second.last == "file:/out/a.mkv.partial")
        #expect(!second.contains("-crf"))
    }

    @Test("two-pass x265: pass and stats in -x265-params, named relative to the work folder it runs in")
    func twoPassX265() {
        let passes = Self.passes(Self.request(mode: .twoPass, videoBitrate: 600, codec: .hevc))
        #expect(passes.count == 2)
        #expect(passes.allSatisfy { $0.workingDirectory == "/work/j" })
        #expect(passes[0].arguments.contains(sequence: ["-b:v", "600k", "-x265-params", "log-level=error:pass=1:stats=spool-pass.x265.log"]))
        #expect(passes[1].arguments.contains(sequence: ["-b:v", "600k", "-x265-params", "log-level=error:pass=2:stats=spool-pass.x265.log"]))
        #expect(!passes[0].arguments.contains("-pass"))
    }

    @Test("two-pass SVT-AV1 and hardware: one run at the bit rate with a peak cap")
    func twoPassSingleRun() throws {
        let av1 = Self.passes(Self.request(mode: .twoPass, videoBitrate: 1000, codec: .av1))
        #expect(av1.count == 1 && av1[0].progressRange == 0...100)
        #expect(av1[0].arguments.contains(sequence: ["-preset", "10", "-b:v", "1000k", "-maxrate", "1500k", "-bufsize", "2000k"]))
        let nvenc = HardwareEncoderStatus(name: "h264_nvenc", codec: .h264, api: .nvenc, works: true)
        let hardware = Self.passes(Self.request(mode: .twoPass, videoBitrate: 1000, hardware: nvenc))
        #expect(hardware.count == 1)
        #expect(hardware[0].arguments.contains(sequence: ["-preset", "p2", "-rc", "vbr", "-b:v", "1000k", "-maxrate", "1500k", "-bufsize", "2000k"]))
    }

    @Test("VA-API: its device before the input, NV12 upload after the scaling, constant QP, no -pix_fmt")
    func vaapi() throws {
        let encoder = HardwareEncoderStatus(name: "hevc_vaapi", codec: .hevc, api: .vaapi, works: true)
        let arguments = try Self.arguments(Self.request(hardware: encoder))
        #expect(Array(arguments.prefix(4)) == ["-vaapi_device", "/dev/dri/renderD128", "-i", "file:/in/a.mkv"])
        #expect(arguments.contains(sequence: ["-vf", "scale=-2:720,format=nv12,hwupload", "-c:v", "hevc_vaapi", "-rc_mode", "CQP", "-qp", "28"]))
        #expect(!arguments.contains("-pix_fmt"))
    }

    @Test("the other hardware APIs' quality options")
    func hardwareQuality() throws {
        func arguments(_ api: HardwareAPI, _ codec: VideoCodec = .h264) throws -> [String] {
            let encoder = HardwareEncoderStatus(name: api.encoderName(for: codec), codec: codec, api: api, works: true)
            return try Self.arguments(Self.request(preset: .medium, hardware: encoder))
        }
        #expect(try arguments(.nvenc).contains(sequence: ["-c:v", "h264_nvenc", "-pix_fmt", "yuv420p", "-preset", "p4", "-rc", "vbr", "-cq", "23", "-b:v", "0"]))
        #expect(try arguments(.qsv).contains(sequence: ["-c:v", "h264_qsv", "-pix_fmt", "nv12", "-preset", "medium", "-global_quality", "23"]))
        #expect(try arguments(.amf).contains(sequence: ["-quality", "balanced", "-rc", "cqp", "-qp_i", "23", "-qp_p", "23"]))
        #expect(try arguments(.videotoolbox, .hevc).contains(sequence: ["-c:v", "hevc_videotoolbox", "-pix_fmt", "nv12", "-q:v", "44"]))
        #expect(try arguments(.v4l2m2m).contains(sequence: ["-c:v", "h264_v4l2m2m", "-pix_fmt", "yuv420p", "-b:v", "3000k"]))
        #expect(CompressionPreset.allCases.map(HardwareAPI.nvencPreset) == ["p1", "p2", "p2", "p3", "p3", "p4", "p5", "p6", "p7"])
        #expect(CompressionPreset.allCases.map(HardwareAPI.qsvPreset).prefix(3) == ["veryfast", "veryfast", "veryfast"])
    }

    @Test("a skip plan runs nothing")
    func skip() {
        #expect(Self.passes(Self.request(mode: .skip)).isEmpty)
    }
}

extension Array where Element: Equatable {
    /// Whether `sequence` appears in the array as consecutive elements.
    func contains(sequence: [Element]) -> Bool {
        guard !sequence.isEmpty, sequence.count <= count else { return sequence.isEmpty }
        return (0...(count - sequence.count)).contains { Array(self[$0..<($0 + sequence.count)]) == sequence }
    }
}
