import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore
import Testing

@Suite("Processing profile table, profile report and hardware report")
struct ProcessingRenderingTests {
    @Test("the profile table shows the level used and where each profile comes from")
    func table() {
        let lines = ProcessingProfileTable(profiles: [
            ProcessingProfileDTO(ProcessingProfile(name: "1080p-av1", codec: .av1), builtIn: true, stored: false),
            ProcessingProfileDTO(ProcessingProfile(name: "720p-hevc", quality: .p720, codec: .hevc, preset: .slow, level: 24), builtIn: true, stored: true),
            ProcessingProfileDTO(ProcessingProfile(name: "phone", quality: .p480, preset: .veryfast, useGPU: true), builtIn: false, stored: true),
        ]).lines()
        #expect(lines == [
            "Name       Quality  Codec  Preset    Level  GPU  Origin",
            "1080p-av1  1080p    av1    medium       35  no   built-in",
            "720p-hevc  720p     hevc   slow         24  no   built-in, edited",
            "phone      480p     h264   veryfast     23  yes  stored",
        ])
    }

    @Test("the profile report says every setting in words")
    func report() {
        let edited = ProcessingProfileReport(profile: ProcessingProfileDTO(ProcessingProfile(
            name: "phone", quality: .p480, codec: .hevc, level: 30, audio: .opus, audioBitrate: 96, container: .mp4, useGPU: true,
            targetSizeMB: 50, keepOriginal: false, qualityMetric: .ssim, fullDecodeCheck: true
        ), builtIn: false, stored: true)).lines()
        #expect(edited.contains("Name:           phone (stored)"))
        #expect(edited.contains("Level:          30"))
        #expect(edited.contains("Audio:          opus at 96 kbit/s"))
        #expect(edited.contains("Container:      mp4"))
        #expect(edited.contains("Target size:    50 MB (two passes)"))
        #expect(edited.contains("Original:       replaced by the result"))
        #expect(edited.contains("Quality score:  ssim"))
        let shipped = ProcessingProfileReport(profile: ProcessingProfileDTO(try! #require(ProcessingProfile.builtIn(named: "720p-h264")), builtIn: true, stored: false)).lines()
        #expect(shipped.contains("Level:          23 (the codec's default)"))
        #expect(shipped.contains("Audio:          copied") && shipped.contains("Container:      the download's"))
        #expect(shipped.contains("Target size:    none (constant quality)") && shipped.contains("Quality score:  none"))
    }

    @Test("the hardware report gives each encoder ok or its error, and says when nothing could be tested")
    func hardware() {
        let checked = Date(timeIntervalSince1970: 1_767_225_600)
        let lines = HardwareReportText(report: HardwareReportDTO(HardwareReport(checkedAt: checked, encoders: [
            HardwareEncoderStatus(name: "hevc_nvenc", codec: .hevc, api: .nvenc, works: false, error: "Cannot load libcuda.so.1\nsecond line", seconds: 0.1),
            HardwareEncoderStatus(name: "h264_vaapi", codec: .h264, api: .vaapi, works: true, seconds: 0.412),
        ]))).lines()
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("Hardware encoders (checked "))
        #expect(lines[1] == "  hevc_nvenc  nvenc  hevc  failed: Cannot load libcuda.so.1 second line")
        #expect(lines[2] == "  h264_vaapi  vaapi  h264  ok (0.41 s)")
        #expect(lines[3] == "1 of 2 work.")

        let failed = HardwareReportText(report: HardwareReportDTO(HardwareReport(checkedAt: checked, encoders: [], error: "ffmpeg was not found"))).lines()
        #expect(failed.first?.hasSuffix(": ffmpeg was not found") == true)
        let none = HardwareReportText(report: HardwareReportDTO(HardwareReport(checkedAt: checked, encoders: []))).lines()
        #expect(none.first?.hasPrefix("ffmpeg has no hardware video encoders") == true)
    }

    @Test("spool show names the job's processing profile, its encode speed while it runs, and what the stage did")
    func jobReport() {
        var options = JobOptions(url: "https://example.com/v/1")
        options.processing = ProcessingProfile.builtIn(named: "720p-hevc")
        var job = Job(id: JobID("3f2a9c1e-0000-4000-8000-000000000001"), options: options, now: Date(timeIntervalSince1970: 1_767_225_600))
        job.state = .processing
        job.progress = JobProgress(stage: .process, percent: 40, eta: 12, fps: 96.5, speedFactor: 1.6)
        let running = JobReport(JobDetailResponse(job: JobDTO(job, stages: .standard), media: nil, events: [])).lines()
        #expect(running.contains("  Encode:          96.5 fps, 1.60× real time"), "\(running)")
        #expect(running.contains("  Processing:      720p-hevc"))

        job.state = .complete
        job.processingReport = ProcessingReport(
            profile: "720p-hevc", mode: .encode, encoder: "libx265", fallbackReason: "no working hardware encoder for hevc",
            input: .init(size: 52_428_800, bitRate: 6_990_506, videoCodec: "h264", width: 1920, height: 1080, duration: 60, audioTracks: 2),
            output: .init(size: 10_485_760, bitRate: 1_398_101, videoCodec: "hevc", width: 1280, height: 720, duration: 60, audioTracks: 2),
            seconds: 31.5, speed: 1.9, quality: .init(metric: .ssim, value: 0.97321, sampleSeconds: 30)
        )
        let done = JobReport(JobDetailResponse(job: JobDTO(job, stages: .standard), media: nil, events: [])).lines()
        #expect(done.contains("PROCESSING"))
        #expect(done.contains("  Result:          encoded with libx265"))
        #expect(done.contains("  Why software:    no working hardware encoder for hevc"))
        #expect(done.contains("  Before:          50.0 MiB, h264 1920×1080, 7.0 Mbit/s, 2 audio tracks"), "\(done)")
        #expect(done.contains("  After:           10.0 MiB, hevc 1280×720, 1.4 Mbit/s, 2 audio tracks"), "\(done)")
        #expect(done.contains("  Size:            20% of the original"))
        #expect(done.contains("  Took:            32s (1.90× real time)"))
        #expect(done.contains("  Quality:         ssim 0.9732 on 30s"))
        #expect(!done.contains { $0.hasPrefix("  Encode:") }, "no encode speed once finished")
    }

    @Test("spool watch's board keeps an encode's fps and speed factor from progress events")
    func boardKeepsEncodeSpeed() {
        var board = ProgressBoard()
        board.upsert(JobDTO(id: JobID("a"), url: "https://example.com/a", status: .downloaded))
        board.apply(.progress(JobID("a"), JobProgress(stage: .process, percent: 12, fps: 88.5, speedFactor: 2.25)))
        #expect(board.jobs["a"]?.status == .processing)
        #expect(board.jobs["a"]?.progress.fps == 88.5 && board.jobs["a"]?.progress.speedFactor == 2.25)
        board.apply(.progress(JobID("a"), JobProgress(stage: .process, percent: 100)))
        #expect(board.jobs["a"]?.progress.fps == nil)
    }
}
