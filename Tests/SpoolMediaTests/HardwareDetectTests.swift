import Foundation
import SpoolCore
@testable import SpoolMedia
import Testing

/// Reading ffmpeg's encoder list and failure output (fixtures captured with ffmpeg 5.1.9 on this
/// machine, where every hardware encoder is compiled in and none works).
@Suite("HardwareDetect parsing")
struct HardwareDetectParsingTests {
    @Test("the encoder list gives the hardware candidates in API order, then codec order")
    func candidates() throws {
        let list = try Fixture.text("ffmpeg-encoders.stdout")
        let names = FFmpeg.encoderNames(inEncoderList: list)
        #expect(names.contains("libx264") && names.contains("libsvtav1") && !names.contains("------"))
        #expect(!names.contains("V....D"), "the legend is skipped")
        #expect(FFmpeg.hardwareCandidates(inEncoderList: list).map(\.name) == [
            "h264_nvenc", "hevc_nvenc", "h264_qsv", "hevc_qsv", "h264_vaapi", "hevc_vaapi", "h264_v4l2m2m", "hevc_v4l2m2m",
        ])
        #expect(FFmpeg.hardwareCandidates(inEncoderList: list).allSatisfy { !$0.works && $0.error == nil })
    }

    @Test("the reason is the line before ffmpeg's generic ones, without its [component @ address] tag")
    func reasons() throws {
        #expect(FFmpegErrorLine.meaningful(in: try Fixture.text("ffmpeg-hw-nvenc.stderr"), limit: 2) == "Cannot load libcuda.so.1")
        #expect(FFmpegErrorLine.meaningful(in: try Fixture.text("ffmpeg-hw-qsv.stderr"), limit: 2) == "Error initializing an internal MFX session: unsupported (-3)")
        #expect(FFmpegErrorLine.meaningful(in: try Fixture.text("ffmpeg-hw-v4l2m2m.stderr"), limit: 2) == "Could not find a valid device; can't configure encoder")
        #expect(FFmpegErrorLine.meaningful(in: try Fixture.text("ffmpeg-hw-vaapi.stderr"), limit: 2)
            == "No VA display found for device /dev/dri/renderD128.; Device creation failed: -22.")
        #expect(FFmpegErrorLine.meaningful(in: try Fixture.text("ffmpeg-hw-vaapi.stderr")) == "Device creation failed: -22.")
        #expect(FFmpegErrorLine.meaningful(in: "Conversion failed!\n") == nil)
        #expect(FFmpegErrorLine.first(in: "[h264 @ 0x1] error while decoding MB 3 4\n[h264 @ 0x1] concealing 10 errors\n") == "error while decoding MB 3 4")
    }

    @Test("a test encode starts as a real one: VA-API opens its device before the input and uploads NV12")
    func testArguments() {
        let vaapi = HardwareEncoderStatus(name: "h264_vaapi", codec: .h264, api: .vaapi, works: false)
        #expect(FFmpeg.hardwareTestArguments(for: vaapi) == [
            "-vaapi_device", "/dev/dri/renderD128", "-f", "lavfi", "-i", "color=c=black:s=512x512:r=30:d=1",
            "-vf", "format=nv12,hwupload", "-c:v", "h264_vaapi", "-rc_mode", "CQP", "-qp", "23", "-f", "null", "-",
        ])
        let nvenc = HardwareEncoderStatus(name: "hevc_nvenc", codec: .hevc, api: .nvenc, works: false)
        #expect(FFmpeg.hardwareTestArguments(for: nvenc) == [
            "-f", "lavfi", "-i", "color=c=black:s=512x512:r=30:d=1", "-c:v", "hevc_nvenc", "-pix_fmt", "yuv420p",
            "-preset", "p4", "-rc", "vbr", "-cq", "28", "-b:v", "0", "-f", "null", "-",
        ])
    }
}

/// Detection with the real ffmpeg, a missing one, and a stand-in that hangs.
@Suite("HardwareDetect runs")
struct HardwareDetectRunTests {
    @Test("on this machine every compiled-in hardware encoder is listed and fails with its reason")
    func thisMachine() async throws {
        // A generous timeout: a loaded machine must not turn a real failure into "timed out".
        let report = await FFmpegHardwareDetector(timeout: .seconds(60)).detect()
        #expect(report.error == nil)
        let names = report.encoders.map(\.name)
        for expected in ["h264_nvenc", "hevc_nvenc", "h264_qsv", "hevc_qsv", "h264_vaapi", "hevc_vaapi", "h264_v4l2m2m", "hevc_v4l2m2m"] {
            #expect(names.contains(expected))
        }
        for encoder in report.encoders {
            #expect(!encoder.works, "\(encoder.name) cannot work without its hardware")
            #expect(!(encoder.error ?? "").isEmpty && encoder.error?.hasPrefix("timed out") == false, "\(encoder.name): \(encoder.error ?? "")")
            #expect(encoder.seconds > 0)
        }
        #expect(report.encoders.first { $0.name == "h264_nvenc" }?.error == "Cannot load libcuda.so.1")
        #expect(report.encoders.first { $0.name == "h264_vaapi" }?.error?.contains("Device creation failed") == true)
        #expect(report.best(for: .hevc) == nil)
        #expect(report.unavailableReason(for: .h264).contains("h264_nvenc: Cannot load libcuda.so.1"))
    }

    @Test("a missing ffmpeg gives a report with the error and no encoders")
    func missingFFmpeg() async {
        let report = await FFmpegHardwareDetector(FFmpeg(executable: "/nonexistent/ffmpeg")).detect()
        #expect(report.encoders.isEmpty)
        #expect(report.error?.contains("ffmpeg is not installed") == true, "\(report.error ?? "")")
    }

    /// A stand-in ffmpeg: lists three hardware encoders, and for a test encode records its pid and
    /// how many stand-ins are alive, then hangs.
    static let hangingScript = """
    #!/bin/sh
    here=$(dirname "$0")
    case "$*" in
    *-encoders*)
        printf ' V..... = Video\\n ------\\n V....D h264_nvenc  NVIDIA\\n V....D hevc_nvenc  NVIDIA\\n V....D h264_vaapi  VAAPI\\n'
        exit 0;;
    esac
    echo $$ >> "$here/pids"
    alive=0
    for pid in $(cat "$here/pids"); do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
    echo $alive >> "$here/alive"
    exec sleep 30
    """

    @Test("a test encode that hangs is killed at the timeout and reported; at most two run at once")
    func timeout() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let executable = folder + "/ffmpeg"
        try Data(Self.hangingScript.utf8).write(to: URL(fileURLWithPath: executable))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable)
        let detector = FFmpegHardwareDetector(FFmpeg(executable: executable, killGrace: .milliseconds(200)), timeout: .milliseconds(500))

        let report = await detector.detect()
        #expect(report.encoders.map(\.name) == ["h264_nvenc", "hevc_nvenc", "h264_vaapi"])
        #expect(report.encoders.allSatisfy { !$0.works && $0.error == "timed out after 0.5 s" })
        #expect(report.encoders.allSatisfy { $0.seconds >= 0.5 }, "each waited for its timeout")
        let pids = try String(contentsOfFile: folder + "/pids", encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        #expect(pids.count == 3)
        #expect(pids.allSatisfy { !MediaTestSupport.processExists($0) }, "every hanging test was killed")
        let alive = try String(contentsOfFile: folder + "/alive", encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
        #expect(alive.max() == 2, "two tests ran together, never three: \(alive)")
    }
}
