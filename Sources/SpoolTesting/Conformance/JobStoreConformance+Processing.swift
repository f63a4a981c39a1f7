import Foundation
import SpoolCore
import Testing

extension JobStoreConformance {
    /// A job's processing profile (inside its options), the PROCESSING stage's report and an
    /// encode's fps and speed survive a write and a read, in single reads and in lists; clearing
    /// the report stores nil again.
    public static func storesProcessingProfileReportAndEncodeProgress(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let profile = ProcessingProfile(
            name: "720p-hevc", quality: .p720, codec: .hevc, preset: .slow, level: 26, audio: .opus, audioBitrate: 160,
            container: .mkv, useGPU: true, copyWhenCompliant: false, targetSizeMB: 250, keepOriginal: false,
            qualityMetric: .ssim, fullDecodeCheck: true
        )
        var options = JobOptions(url: "https://example.com/watch?v=processed")
        options.processing = profile
        let (inserted, _) = try await store.insert(Job(options: options), events: [])
        #expect(inserted.options.processing == profile)
        expectSame(try await store.job(inserted.id), inserted)

        let report = ProcessingReport(
            profile: "720p-hevc", mode: .twoPass, encoder: "libx265", hardware: false,
            fallbackReason: "hevc_vaapi: Failed to initialise VAAPI connection: -1 (unknown libva error).",
            input: .init(size: 52_428_800, bitRate: 6_990_506, videoCodec: "h264", width: 1920, height: 1080, duration: 60.04, audioTracks: 2),
            output: .init(size: 12_582_912, bitRate: 1_676_583, videoCodec: "hevc", width: 1280, height: 720, duration: 60.021, audioTracks: 2),
            seconds: 41.75, speed: 1.438, quality: .init(metric: .ssim, value: 0.973_214, sampleSeconds: 10),
            originalPath: "/library/Ünïcödé/clip.720p-hevc.mkv"
        )
        let (processing, _) = try await store.modify(inserted.id) { job in
            job.state = .processing
            job.progress = JobProgress(stage: .process, percent: 37.5, eta: 12.25, fps: 143.7, speedFactor: 2.35)
            return []
        }
        expectSame(try await store.job(inserted.id), processing)
        let (done, _) = try await store.modify(inserted.id) { job in
            job.state = .complete
            job.processingReport = report
            job.progress = JobProgress(stage: .process, percent: 100)
            return []
        }
        #expect(done.processingReport == report)
        expectSame(try await store.job(inserted.id), done)
        let listed = try await store.list(JobQuery()).jobs
        #expect(listed.count == 1)
        expectSame(listed.first, done)
        let (cleared, _) = try await store.modify(inserted.id) { job in
            job.processingReport = nil
            return []
        }
        #expect(cleared.processingReport == nil)
        expectSame(try await store.job(inserted.id), cleared)

        let (plain, _) = try await store.insert(job(url: "https://example.com/plain"), events: [])
        let plainRead = try await store.job(plain.id)
        #expect(plainRead?.options.processing == nil && plainRead?.processingReport == nil && plainRead?.progress.fps == nil)
    }
}
