import Foundation
import Testing
@testable import SpoolCore

@Suite("Transcode plan")
struct TranscodePlanTests {
    static func probe(
        format: String = "mov,mp4,m4a,3gp,3g2,mj2", duration: Double = 60, size: Int64 = 50_000_000,
        video: String = "h264", height: Int = 1080, audio: [String] = ["aac"], subtitles: [String] = []
    ) -> MediaProbe {
        var streams = [MediaProbe.Stream(kind: .video, codecName: video, width: height * 16 / 9, height: height)]
        streams += audio.map { MediaProbe.Stream(kind: .audio, codecName: $0, bitRate: 128_000) }
        streams += subtitles.map { MediaProbe.Stream(kind: .subtitle, codecName: $0) }
        return MediaProbe(formatName: format, duration: duration, size: size, streams: streams)
    }

    @Test("a taller h264 file under a 720p hevc profile is encoded and scaled, keeping its container")
    func encodesAndScales() throws {
        let profile = ProcessingProfile(name: "720p-hevc", quality: .p720, codec: .hevc)
        let plan = try TranscodePlan.make(profile: profile, probe: Self.probe())
        #expect(plan.mode == .encode)
        #expect(plan.scaleToHeight == 720)
        #expect(plan.container == .mp4)
        #expect(plan.audioEncoder == nil)
        #expect(plan.reasons.contains("video is h264, not hevc"))
        #expect(plan.reasons.contains("1080 pixels high, more than 720"))
    }

    @Test("a smaller video is never scaled up")
    func neverUpscales() throws {
        let profile = ProcessingProfile(name: "p", quality: .p1080, codec: .hevc)
        let plan = try TranscodePlan.make(profile: profile, probe: Self.probe(height: 480))
        #expect(plan.mode == .encode)
        #expect(plan.scaleToHeight == nil)
    }

    @Test("a compliant file is copied; with copyWhenCompliant off it is encoded")
    func copiesCompliantFiles() throws {
        var profile = ProcessingProfile(name: "p", quality: .p1080, codec: .h264)
        #expect(try TranscodePlan.make(profile: profile, probe: Self.probe()).mode == .copy)
        profile.copyWhenCompliant = false
        #expect(try TranscodePlan.make(profile: profile, probe: Self.probe()).mode == .encode)
    }

    @Test("a container change or an audio change alone still copies the video")
    func containerChangeCopiesVideo() throws {
        let profile = ProcessingProfile(name: "p", codec: .h264, audio: .opus, container: .mkv)
        let plan = try TranscodePlan.make(profile: profile, probe: Self.probe())
        #expect(plan.mode == .copy)
        #expect(plan.container == .mkv)
        #expect(plan.audioEncoder == "libopus")
    }

    @Test("audio an MP4 cannot hold is re-encoded to AAC; text subtitles become mov_text, picture ones are dropped")
    func mp4Constraints() throws {
        let profile = ProcessingProfile(name: "p", codec: .hevc, container: .mp4)
        let vorbis = try TranscodePlan.make(profile: profile, probe: Self.probe(format: "matroska,webm", audio: ["vorbis"], subtitles: ["subrip"]))
        #expect(vorbis.audioEncoder == "aac")
        #expect(vorbis.subtitles == .movText)
        let pictures = try TranscodePlan.make(profile: profile, probe: Self.probe(format: "matroska,webm", subtitles: ["hdmv_pgs_subtitle"]))
        #expect(pictures.subtitles == .drop)
        let mkv = try TranscodePlan.make(profile: ProcessingProfile(name: "p", codec: .hevc), probe: Self.probe(format: "matroska,webm", audio: ["vorbis"], subtitles: ["hdmv_pgs_subtitle"]))
        #expect(mkv.audioEncoder == nil && mkv.subtitles == .copy && mkv.container == .mkv)
    }

    @Test("a target size gives a two-pass encode at the bit rate that fits, audio included")
    func targetSize() throws {
        let profile = ProcessingProfile(name: "p", quality: .p720, codec: .h264, targetSizeMB: 10)
        let plan = try TranscodePlan.make(profile: profile, probe: Self.probe(duration: 60, size: 50_000_000))
        #expect(plan.mode == .twoPass)
        // 10 MB × 8 × 0.97 / 60 s = 1293 kbit/s in all, less 128 for the audio.
        #expect(plan.videoBitrate == 1293 - 128)
    }

    @Test("a target size too small for the duration is refused with the size that would fit")
    func targetTooSmall() throws {
        let profile = ProcessingProfile(name: "p", targetSizeMB: 1)
        #expect(throws: SpoolError.self) { try TranscodePlan.make(profile: profile, probe: Self.probe(duration: 600)) }
        do {
            _ = try TranscodePlan.make(profile: profile, probe: Self.probe(duration: 600))
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("needs at least 14 MB"), "\(error.message)")
        }
    }

    @Test("a file already under the target size and compliant is copied")
    func underTarget() throws {
        let profile = ProcessingProfile(name: "p", codec: .h264, targetSizeMB: 100)
        #expect(try TranscodePlan.make(profile: profile, probe: Self.probe(size: 50_000_000)).mode == .copy)
    }

    @Test("an audio-only file is skipped")
    func audioOnly() throws {
        let probe = MediaProbe(formatName: "mov,mp4", duration: 10, size: 100, streams: [.init(kind: .audio, codecName: "aac")])
        #expect(try TranscodePlan.make(profile: ProcessingProfile(name: "p"), probe: probe).mode == .skip)
    }
}

@Suite("Processing profiles")
struct ProcessingProfileTests {
    @Test("one shipped profile per quality and codec, each valid")
    func builtIns() throws {
        #expect(ProcessingProfile.builtIns.count == VideoQuality.allCases.count * VideoCodec.allCases.count)
        #expect(ProcessingProfile.builtIn(named: "720p-hevc")?.codec == .hevc)
        for profile in ProcessingProfile.builtIns { try profile.validate() }
    }

    @Test("names, levels, bit rates and target sizes are checked")
    func validation() {
        #expect(throws: SpoolError.self) { try ProcessingProfile(name: "Bad Name").validate() }
        #expect(throws: SpoolError.self) { try ProcessingProfile(name: "x", codec: .h264, level: 52).validate() }
        #expect(throws: Never.self) { try ProcessingProfile(name: "x", codec: .av1, level: 60).validate() }
        #expect(throws: SpoolError.self) { try ProcessingProfile(name: "x", audioBitrate: 8).validate() }
        #expect(throws: SpoolError.self) { try ProcessingProfile(name: "x", targetSizeMB: 0).validate() }
    }

    @Test("a job naming a processing profile plans the process stage last, after the voice-over")
    func planned() {
        var options = JobOptions(url: "https://example.com/v", requestedDubbing: true, targetLang: "ru")
        #expect(StageCatalog.standard.plan(for: options).map(\.stage) == [.download, .dub, .mux])
        options.processing = ProcessingProfile(name: "720p-h264", quality: .p720)
        #expect(StageCatalog.standard.plan(for: options).map(\.stage) == [.download, .dub, .mux, .process])
    }

    @Test("lifecycle of a processed job: DOWNLOADED then PROCESSING then COMPLETE; after a voice-over it waits as DUBBED")
    func lifecycle() throws {
        var options = JobOptions(url: "https://example.com/v")
        options.processing = ProcessingProfile(name: "p")
        var job = Job(options: options)
        var lifecycle = job.lifecycle(in: .standard)
        for (event, state) in [(JobLifecycle.Event.start(.download), JobState.downloading), (.finish(.download), .downloaded), (.start(.process), .processing), (.finish(.process), .complete)] {
            _ = try lifecycle.handle(event).get()
            #expect(lifecycle.state == state)
        }
        options.requestedDubbing = true
        options.targetLang = "ru"
        job = Job(options: options)
        lifecycle = job.lifecycle(in: .standard)
        for event in [JobLifecycle.Event.start(.download), .finish(.download), .start(.dub), .finish(.dub), .start(.mux), .finish(.mux)] {
            _ = try lifecycle.handle(event).get()
        }
        #expect(lifecycle.state == .dubbed)
        #expect(lifecycle.waitingStage == .process)
    }

    @Test("the hardware report picks the first working encoder for a codec and explains when none works")
    func hardwareReport() {
        let report = HardwareReport(checkedAt: Date(), encoders: [
            HardwareEncoderStatus(name: "hevc_nvenc", codec: .hevc, api: .nvenc, works: false, error: "Cannot load libcuda.so.1"),
            HardwareEncoderStatus(name: "hevc_vaapi", codec: .hevc, api: .vaapi, works: true),
            HardwareEncoderStatus(name: "h264_vaapi", codec: .h264, api: .vaapi, works: false, error: "No VA display found"),
        ])
        #expect(report.best(for: .hevc)?.name == "hevc_vaapi")
        #expect(report.best(for: .h264) == nil)
        #expect(report.unavailableReason(for: .h264) == "h264_vaapi: No VA display found")
        #expect(report.unavailableReason(for: .av1) == "ffmpeg has no hardware encoder for av1")
    }
}
