import SpoolCore
import Testing

@testable import SpoolWorker

/// The download stage on fakes of the downloader, the prober and the storage.
@Suite("Download stage")
struct DownloadStageTests {
    /// A tool failure that carries its domain error, as SpoolMedia's `MediaError` does.
    struct ToolMissing: SpoolErrorConvertible {
        var spoolError: SpoolError { SpoolError(.toolMissing, "yt-dlp is not installed") }
    }

    @Test("a finished download is put into the library, its media saved, and the job COMPLETE")
    func success() async throws {
        let harness = try StageHarness { FakeDownloader.succeeding(storage: $0) }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v"))
        try await harness.run([.download]) {
            let done = try await harness.waitUntilTerminal(job.id)
            #expect(done.state == .complete)
            #expect(done.outputPath == FakeStorage.library + "/Talk [x].mkv")
            #expect(done.title == "Talk")
            #expect(done.progress.percent == 100 && done.progress.totalBytes == done.progress.downloadedBytes)
        }
        let request = try #require(harness.downloader.requests.first)
        #expect(request.workDirectory == harness.storage.workDirectory(for: job.id))
        #expect(request.outputTemplate == OutputTemplateGuard.defaultTemplate)
        #expect(harness.storage.files[FakeStorage.library + "/Talk [x].mkv"] == "video of https://example.com/v")
        #expect(harness.storage.workFiles(of: job.id).isEmpty, "the file was moved, not copied")
        let media = try #require(try await harness.store.media(for: job.id))
        #expect(media.title == "Talk" && media.uploader == "Ann" && media.extractor == "generic", "the site's metadata")
        #expect(media.container == "matroska,webm" && media.videoCodec == "h264" && media.resolution == "640x360", "the probe's")
        #expect(media.relativePath == "Talk [x].mkv" && media.filesize == Int64("video of https://example.com/v".utf8.count))
        #expect(try await harness.states(of: job.id) == ["DOWNLOADING", "DOWNLOADED", "COMPLETE"])
        #expect(try await harness.logs(of: job.id).contains("[Merger] Merging formats"))
    }

    @Test("a retryable failure is retried and the next attempt succeeds")
    func retryThenSuccess() async throws {
        let harness = try StageHarness { storage in
            let success = FakeDownloader.succeeding(storage: storage)
            return { attempt, request, onEvent in
                if attempt == 1 { throw SpoolError(.downloadFailed, "HTTP Error 503: Service Unavailable") }
                return try await success(attempt, request, onEvent)
            }
        }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v"))
        try await harness.run([.download]) {
            let done = try await harness.waitUntilTerminal(job.id)
            #expect(done.state == .complete)
            #expect(done.attempts == 2)
        }
        #expect(harness.downloader.requests.count == 2)
        let errors = try await harness.events(of: job.id, .error)
        #expect(errors.map { $0.payload["code"]?.stringValue } == ["download_failed"])
        #expect(try await harness.logs(of: job.id).contains { $0.contains("failed: HTTP Error 503") && $0.contains("retrying") })
    }

    @Test("a failure not worth retrying fails the job at once, with the tool's domain error")
    func permanentFailure() async throws {
        let harness = try StageHarness { _ in { _, _, _ in throw ToolMissing() } }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v"))
        try await harness.run([.download]) {
            let done = try await harness.waitUntilTerminal(job.id)
            #expect(done.state == .failed)
            #expect(done.failure?.code == "tool_missing" && done.failure?.message == "yt-dlp is not installed")
        }
        #expect(harness.downloader.requests.count == 1)
        #expect(harness.storage.files.keys.allSatisfy { !$0.hasPrefix(FakeStorage.library) })
    }

    @Test("pausing a running download stops it and keeps its partial files")
    func pause() async throws {
        let harness = try StageHarness { FakeDownloader.blocking(storage: $0) }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v"))
        try await harness.run([.download]) {
            try await harness.wait { !harness.downloader.requests.isEmpty }
            try await harness.service.apply(.pause, to: job.id)
            try await harness.wait { try await harness.logs(of: job.id).contains("download paused; partial files kept") }
            try await harness.waitUntilSettled(.download)
        }
        #expect(try await harness.store.job(job.id)?.state == .paused)
        #expect(harness.storage.workFiles(of: job.id) == [harness.storage.workDirectory(for: job.id) + "/Talk [x].mkv.part"])
        #expect(harness.downloader.requests.count == 1)
    }

    @Test("canceling a running download stops it and removes its work folder")
    func cancel() async throws {
        let harness = try StageHarness { FakeDownloader.blocking(storage: $0) }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v"))
        try await harness.run([.download]) {
            try await harness.wait { !harness.downloader.requests.isEmpty }
            try await harness.service.apply(.cancel, to: job.id)
            try await harness.waitUntilSettled(.download)
            // The stage removes the folder once more after its download stopped.
            try await harness.wait { harness.storage.removedWorkFolders.count >= 2 }
        }
        #expect(try await harness.store.job(job.id)?.state == .canceled)
        #expect(harness.storage.workFiles(of: job.id).isEmpty)
        #expect(harness.downloader.requests.count == 1)
    }

    @Test("a stalled download is restarted, and the restart can succeed")
    func stallRestart() async throws {
        let harness = try StageHarness(stallTimeout: .milliseconds(200)) { storage in
            let success = FakeDownloader.succeeding(storage: storage)
            return { attempt, request, onEvent in
                if attempt == 1 { return try await FakeDownloader.stalling(attempt, request, onEvent) }
                return try await success(attempt, request, onEvent)
            }
        }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v"))
        try await harness.run([.download]) {
            let done = try await harness.waitUntilTerminal(job.id)
            #expect(done.state == .complete)
        }
        #expect(harness.downloader.requests.count == 2)
        #expect(try await harness.logs(of: job.id).contains { $0.contains("restarting the download (1 of 1)") })
    }

    @Test("a download that stalls again after its restarts fails as stalled")
    func stallGivesUp() async throws {
        let harness = try StageHarness(stallTimeout: .milliseconds(200)) { _ in FakeDownloader.stalling }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v"))
        try await harness.run([.download]) {
            let done = try await harness.waitUntilTerminal(job.id)
            #expect(done.state == .failed && done.failure?.code == "stalled")
        }
        #expect(harness.downloader.requests.count == 2, "one restart (STALL_RESTARTS=1), then the job fails")
    }
}
