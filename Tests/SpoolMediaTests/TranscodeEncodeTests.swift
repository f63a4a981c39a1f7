import Foundation
import SpoolCore
@testable import SpoolMedia
import SpoolTesting
import Testing

/// Real encodes with ffmpeg through ``FFmpegTranscoder``, on clips made with `testsrc2`.
@Suite("Transcode encodes")
struct TranscodeEncodeTests {
    /// The source's probe, the plan for `profile`, and a request writing `name` in a fresh work folder.
    static func request(source: String, profile: ProcessingProfile, name: String, label: String = #function) async throws -> (TranscodeRequest, ProbeResult) {
        let work = try MediaTestSupport.makeWorkDirectory(label)
        let probe = try await FFprobe().probe(source)
        let plan = try TranscodePlan.make(profile: profile, probe: probe.mediaProbe)
        let request = TranscodeRequest(source: source, output: work + "/" + name, workDirectory: work, plan: plan, profile: profile, duration: probe.duration)
        return (request, probe)
    }

    @Test("a dubbed 1080p H.264 file becomes 720p HEVC with both audio tracks, their tags and the default voice-over")
    func dubbedToHEVC() async throws {
        let source = try await TranscodeClips.dubbed1080p()
        let profile = ProcessingProfile(name: "720p-hevc", quality: .p720, codec: .hevc, preset: .ultrafast)
        let (request, before) = try await Self.request(source: source, profile: profile, name: "result.mkv")
        #expect(request.plan.mode == .encode && request.plan.scaleToHeight == 720)
        let log = TranscodeProgressLog()
        try await FFmpegTranscoder().transcode(request) { await log.add($0) }

        let after = try await FFprobe().probe(request.output)
        let video = try #require(after.videoStreams.first)
        #expect(after.videoStreams.count == 1)
        #expect(video.codecName == "hevc" && video.height == 720 && video.width == 1280)
        #expect(abs((after.duration ?? 0) - (before.duration ?? 0)) < 0.1)
        #expect(after.audioStreams.map(\.language) == ["eng", "rus"])
        #expect(after.audioStreams.map(\.isDefault) == [false, true])
        #expect(after.audioStreams.map(\.title) == [nil, "Voice-over"])
        #expect(after.audioStreams.map(\.codecName) == ["aac", "aac"], "audio is copied")

        let values = await log.values
        let percents = values.compactMap(\.percent)
        #expect(percents.count >= 2 && percents.last == 100)
        #expect(zip(percents, percents.dropFirst()).allSatisfy { $0 <= $1 }, "progress never goes back: \(percents)")
        #expect(values.contains { ($0.speed ?? 0) > 0 }, "speed is reported")
        #expect(!FileManager.default.fileExists(atPath: FFmpegTranscoder.partialPath(for: request.output, container: .mkv)))
    }

    @Test("copy mode: a compliant file is stream-copied into Matroska, its video packets unchanged")
    func streamCopy() async throws {
        let source = try await TestMedia.generateVideo(seconds: 4).path
        let profile = ProcessingProfile(name: "1080p-h264", container: .mkv)
        let (request, _) = try await Self.request(source: source, profile: profile, name: "copied.mkv")
        #expect(request.plan.mode == .copy)
        try await FFmpegTranscoder().transcode(request) { _ in }
        let after = try await FFprobe().probe(request.output)
        #expect(after.formatName == "matroska,webm")
        #expect(after.videoStreams.map(\.codecName) == ["h264"] && after.audioStreams.count == 1)
        let original = try await MediaInspector.videoFrameHashes(of: source)
        #expect(original.count == 120)
        #expect(try await MediaInspector.videoFrameHashes(of: request.output) == original, "the same packets, byte for byte")
    }

    @Test("MP4 output turns SubRip subtitles into mov_text (video copied)")
    func subtitlesToMP4() async throws {
        let source = try await TranscodeClips.subtitled360p()
        let profile = ProcessingProfile(name: "1080p-h264", container: .mp4)
        let (request, _) = try await Self.request(source: source, profile: profile, name: "subtitled.mp4")
        #expect(request.plan.mode == .copy && request.plan.subtitles == .movText)
        try await FFmpegTranscoder().transcode(request) { _ in }
        let streams = try await MediaInspector.streams(of: request.output)
        #expect(streams.map(\.codecName) == ["h264", "aac", "mov_text"])
        #expect(streams.last?.language == "eng")
    }

    @Test("two-pass x264 to a 1 MB target lands within 10 % of it; the pass logs are removed")
    func twoPassTarget() async throws {
        let source = try await TranscodeClips.detailed360p(seconds: 8)
        let profile = ProcessingProfile(name: "fit", quality: .p720, codec: .h264, preset: .ultrafast, targetSizeMB: 1)
        let (request, before) = try await Self.request(source: source, profile: profile, name: "fit.mp4")
        #expect((before.size ?? 0) > 2_000_000, "the source is well over the target")
        #expect(request.plan.mode == .twoPass)
        let log = TranscodeProgressLog()
        try await FFmpegTranscoder().transcode(request) { await log.add($0) }

        let size = try MediaTestSupport.fileSize(request.output)
        #expect(abs(Double(size) - 1_000_000) / 1_000_000 < 0.10, "\(size) bytes for a 1 MB target")
        let percents = await log.values.compactMap(\.percent)
        #expect(percents.contains { $0 > 0 && $0 <= 50 } && percents.contains { $0 > 50 } && percents.last == 100, "\(percents)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: request.workDirectory).filter { $0.hasPrefix("spool-pass") }.isEmpty)
    }

    @Test("two-pass x265 in a work folder whose name holds ':' (stats named relative to it)")
    func twoPassX265() async throws {
        let source = try await TranscodeClips.detailed360p(seconds: 4)
        let work = try MediaTestSupport.makeWorkDirectory() + "/odd:name"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let profile = ProcessingProfile(name: "fit-hevc", codec: .hevc, preset: .ultrafast)
        let plan = TranscodePlan(mode: .twoPass, container: .mkv, videoBitrate: 400)
        let request = TranscodeRequest(source: source, output: work + "/fit.mkv", workDirectory: work, plan: plan, profile: profile)
        try await FFmpegTranscoder().transcode(request) { _ in }

        let after = try await FFprobe().probe(request.output)
        #expect(after.videoStreams.first?.codecName == "hevc")
        let videoBytes = Double(try MediaTestSupport.fileSize(request.output)) - 96_000 / 8 * 4
        let expected = 400_000.0 / 8 * 4
        #expect(abs(videoBytes - expected) / expected < 0.2, "\(videoBytes) video bytes for \(expected)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["fit.mkv"], "pass logs removed")
    }

    @Test("a hardware encoder that does not work here fails fast with ffmpeg's reason and leaves no file")
    func hardwareFailure() async throws {
        let source = try await TestMedia.generateVideo(seconds: 4).path
        var (request, _) = try await Self.request(source: source, profile: ProcessingProfile(name: "gpu", codec: .hevc), name: "gpu.mkv")
        request.hardware = HardwareEncoderStatus(name: "hevc_nvenc", codec: .hevc, api: .nvenc, works: true)
        let error = await #expect(throws: SpoolError.self) { try await FFmpegTranscoder().transcode(request) { _ in } }
        #expect(error?.code == .toolFailed)
        #expect(error?.message.contains("libcuda") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: request.workDirectory).isEmpty)
    }

    @Test("a missing source is a tool failure naming the file problem")
    func missingSource() async throws {
        let work = try MediaTestSupport.makeWorkDirectory()
        let profile = ProcessingProfile(name: "x")
        let request = TranscodeRequest(source: work + "/missing.mp4", output: work + "/out.mkv", workDirectory: work, plan: TranscodePlan(mode: .encode, container: .mkv), profile: profile)
        let error = await #expect(throws: SpoolError.self) { try await FFmpegTranscoder().transcode(request) { _ in } }
        #expect(error?.code == .toolFailed && error?.message.contains("No such file") == true)
    }
}

/// Collects progress values from a transcode.
actor TranscodeProgressLog {
    private(set) var values: [TranscodeProgress] = []

    func add(_ value: TranscodeProgress) { values.append(value) }
}
