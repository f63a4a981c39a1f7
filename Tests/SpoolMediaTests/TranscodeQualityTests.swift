import Foundation
import SpoolCore
@testable import SpoolMedia
import SpoolTesting
import Subprocess
import Testing

/// Quality scores of a real encode, and the full decode check.
@Suite("Transcode quality and decode checks")
struct TranscodeQualityTests {
    /// A 640×360 clip encoded down to 240 lines at a low quality, and the clip.
    static func encodedPair(label: String = #function) async throws -> (reference: String, encoded: String) {
        let reference = try await TestMedia.generateVideo(seconds: 4).path
        let work = try MediaTestSupport.makeWorkDirectory(label)
        let profile = ProcessingProfile(name: "small", quality: .p480, codec: .h264, preset: .ultrafast, level: 30)
        let plan = TranscodePlan(mode: .encode, container: .mkv, scaleToHeight: 240)
        let request = TranscodeRequest(source: reference, output: work + "/small.mkv", workDirectory: work, plan: plan, profile: profile)
        try await FFmpegTranscoder().transcode(request) { _ in }
        return (reference, request.output)
    }

    @Test("SSIM and PSNR of a smaller, lossy encode against its source (scaled back to the source's size)")
    func ssimAndPSNR() async throws {
        let (reference, encoded) = try await Self.encodedPair()
        let transcoder = FFmpegTranscoder()
        let ssim = try await transcoder.measureQuality(reference: reference, encoded: encoded, metric: .ssim, sampleSeconds: 2)
        #expect(ssim > 0.8 && ssim < 1.0, "SSIM \(ssim)")
        let identical = try await transcoder.measureQuality(reference: reference, encoded: reference, metric: .ssim, sampleSeconds: 2)
        #expect(identical > 0.999 && ssim < identical)
        let psnr = try await transcoder.measureQuality(reference: reference, encoded: encoded, metric: .psnr, sampleSeconds: 2)
        #expect(psnr > 20 && psnr < 60, "PSNR \(psnr) dB")
    }

    @Test("VMAF: a score when ffmpeg has libvmaf, else a clear tool_failed saying it lacks it")
    func vmaf() async throws {
        let filters = try await Subprocess.run(.name("ffmpeg"), arguments: ["-hide_banner", "-filters"], output: .string(limit: 1 << 20), error: .discarded)
        let hasVMAF = filters.standardOutput.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first == "libvmaf" }
        let (reference, encoded) = try await Self.encodedPair()
        if hasVMAF {
            let score = try await FFmpegTranscoder().measureQuality(reference: reference, encoded: encoded, metric: .vmaf, sampleSeconds: 2)
            #expect(score > 0 && score <= 100)
        } else {
            let error = await #expect(throws: SpoolError.self) {
                try await FFmpegTranscoder().measureQuality(reference: reference, encoded: encoded, metric: .vmaf, sampleSeconds: 2)
            }
            #expect(error?.code == .toolFailed && error?.message.contains("without libvmaf") == true, "\(String(describing: error))")
        }
    }

    @Test("metric lines ffmpeg prints are read, including PSNR's inf for identical pictures")
    func scoreParsing() {
        let ssim = "[Parsed_ssim_3 @ 0x55ce17debc40] SSIM Y:0.868459 (8.809398) U:0.839651 (7.949331) V:0.868588 (8.813645) All:0.863679 (8.654382)"
        #expect(FFmpeg.qualityScore(metric: .ssim, in: "frame=1\n" + ssim + "\n") == 0.863679)
        let psnr = "[Parsed_psnr_3 @ 0x55a34da12c80] PSNR y:28.135092 u:26.840904 v:23.143561 average:26.620742 min:24.459168 max:28.569133"
        #expect(FFmpeg.qualityScore(metric: .psnr, in: psnr) == 26.620742)
        #expect(FFmpeg.qualityScore(metric: .psnr, in: "[Parsed_psnr_3 @ 0x1] PSNR y:inf u:inf v:inf average:inf min:inf max:inf") == .infinity)
        #expect(FFmpeg.qualityScore(metric: .vmaf, in: "[Parsed_libvmaf_4 @ 0x1] VMAF score: 93.402") == 93.402)
        #expect(FFmpeg.qualityScore(metric: .ssim, in: "nothing here") == nil)
    }

    @Test("the decode check passes a good file and fails a damaged one with ffmpeg's first error")
    func decodeCheck() async throws {
        let (_, encoded) = try await Self.encodedPair()
        try await FFmpegTranscoder().checkDecodes(encoded)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: encoded))
        for fraction in [0.3, 0.5, 0.7] {
            let offset = Int(Double(bytes.count) * fraction)
            bytes.replaceSubrange(offset..<min(offset + 4000, bytes.count), with: Data(repeating: 0x5A, count: 4000))
        }
        let damaged = encoded + ".damaged.mkv"
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let error = await #expect(throws: SpoolError.self) { try await FFmpegTranscoder().checkDecodes(damaged) }
        #expect(error?.code == .toolFailed && error?.message.hasPrefix("the file does not decode") == true, "\(String(describing: error))")
    }
}
