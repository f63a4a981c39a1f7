import SpoolCore
@testable import SpoolMedia
import Testing

/// The adapters behind SpoolCore's media ports map the core's values to the tools' and back.
@Suite("Media port adapters")
struct MediaAdapterTests {
    @Test("a job's request takes the job's template, else the server's; voice-over subtitles are written, not embedded")
    func downloadRequest() throws {
        let options = JobOptions(url: "https://e.com/v", formatPreset: "720p", subtitleLanguages: ["en"], embedThumbnail: true)
        var request = MediaDownloadRequest(options: options, workDirectory: "/media/tmp/j", outputTemplate: "%(title)s.%(ext)s", limitRate: "1M")
        #expect(request == YtDlpRequest(
            url: "https://e.com/v", workDirectory: "/media/tmp/j", format: "720p", subtitleLanguages: ["en"], embedThumbnail: true,
            outputTemplate: "%(title)s.%(ext)s", limitRate: "1M"
        ))
        var own = options
        own.outputTemplate = "%(id)s.%(ext)s"
        #expect(MediaDownloadRequest(options: own, workDirectory: "/w", outputTemplate: "%(title)s.%(ext)s").outputTemplate == "%(id)s.%(ext)s")
        request.subtitleLanguages = []
        request.voiceOverSubtitleLanguage = "ru"
        let arguments = try YtDlpArguments.make(for: request)
        #expect(arguments.contains("--sub-langs=ru,ru-.*"))
        #expect(!arguments.contains("--embed-subs"), "subtitles for the voice-over are written, not embedded")
    }

    @Test("yt-dlp's progress and metadata become the core's, with the estimated total when there is no exact one")
    func progressAndMetadata() throws {
        let progress = DownloadProgress(status: .downloading, downloadedBytes: 50, totalBytesEstimate: 200, speed: 10, eta: 15)
        #expect(progress.transfer == TransferProgress(percent: 25, downloadedBytes: 50, totalBytes: 200, speed: 10, eta: 15))
        let info = YtDlpInfo(id: "x1", title: "Talk", channel: "Chan", duration: 12, filesizeApprox: 99, webpageURL: "https://e.com/p")
        #expect(info.metadata == SourceMetadata(title: "Talk", uploader: "Chan", duration: 12, filesize: 99, sourceID: "x1", webpageURL: "https://e.com/p"))
    }

    @Test("ffprobe's streams map to kinds; cover art is not a video stream")
    func probeKinds() {
        let probe = ProbeResult(formatName: "mp4", duration: 3, size: 10, bitRate: nil, streams: [
            .init(index: 0, codecType: "video", codecName: "h264", width: 640, height: 360),
            .init(index: 1, codecType: "audio", codecName: "aac", language: "eng"),
            .init(index: 2, codecType: "video", codecName: "mjpeg"),
            .init(index: 3, codecType: "subtitle", codecName: "mov_text"),
        ]).mediaProbe
        #expect(probe.streams.map(\.kind) == [.video, .audio, .other, .subtitle])
        #expect(probe.videoStreams.count == 1 && probe.audioStreams.first?.language == "eng")
    }

    @Test("a tool's failure reaches the stages as its SpoolError; cancellation passes through")
    func errorMapping() async {
        let failure = MediaError(code: .downloadFailed, message: "HTTP Error 404", tool: "yt-dlp", stderrTail: "long tail")
        let error = await #expect(throws: SpoolError.self) { try await MediaError.mapped { throw failure } }
        #expect(error == SpoolError(.downloadFailed, "HTTP Error 404"))
        await #expect(throws: CancellationError.self) { try await MediaError.mapped { throw CancellationError() } }
    }
}
