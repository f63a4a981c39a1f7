import SpoolCore
@testable import SpoolMedia
import Testing

/// yt-dlp's arguments for a video of a followed source (``MediaDownloadRequest/archive``): side
/// files, where each is written, SponsorBlock.
@Suite("yt-dlp arguments for archived videos")
struct YtDlpArchiveArgumentsTests {
    let work = "/media/tmp/job-1"
    let archiveTemplate = OutputLayout.archive.template(sourceName: "Spool Demo")
    let mediaServerTemplate = OutputLayout.mediaServer.template(sourceName: "Spool Demo")

    func request(
        _ archive: ArchiveFiles?, template: String? = nil, subtitles: [String] = [], format: String = "best"
    ) -> YtDlpRequest {
        var options = JobOptions(url: "https://e.com/v", formatPreset: format, subtitleLanguages: subtitles, outputTemplate: template ?? archiveTemplate)
        options.archive = archive
        return YtDlpRequest(options: options, workDirectory: work)
    }

    /// The values of every `-o`, in order.
    static func outputs(_ arguments: [String]) -> [String] {
        arguments.indices.filter { arguments[$0] == "-o" }.map { arguments[$0 + 1] }
    }

    @Test("a request made from a source's job options carries the archive choice")
    func carried() {
        let files = ArchiveFiles(writeNFO: true, sponsorBlock: .mark, showName: "Spool Demo")
        #expect(request(files).archive == files)
        #expect(YtDlpRequest(options: JobOptions(url: "https://e.com/v"), workDirectory: work).archive == nil)
    }

    @Test("a one-off job gets none of the archive options and one output template")
    func oneOff() throws {
        let arguments = try YtDlpArguments.make(for: request(nil, subtitles: ["en"]))
        for flag in ["--write-thumbnail", "--convert-thumbnails", "--sponsorblock-mark", "--sponsorblock-remove", "--convert-subs"] {
            #expect(!arguments.contains(flag), "\(flag)")
        }
        #expect(Self.outputs(arguments) == ["\(work)/\(archiveTemplate)"])
        #expect(arguments.contains("--write-auto-subs"), "one-off jobs take automatic captions as before")
    }

    @Test("the archive layout writes thumbnail.jpg and subtitles/ in the video's own folder")
    func archiveLayoutTemplates() throws {
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(showName: "Spool Demo"), subtitles: ["en"]))
        let folder = "\(work)/Spool Demo/videos/%(id)s"
        #expect(Self.outputs(arguments) == [
            "\(folder)/video.%(ext)s",
            "infojson:\(folder)/video.%(ext)s",
            "thumbnail:\(folder)/thumbnail.%(ext)s",
            "subtitle:\(folder)/subtitles/video.%(ext)s",
        ])
    }

    @Test("the media-server layout writes every side file beside the video under its name")
    func mediaServerTemplates() throws {
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(showName: "Spool Demo"), template: mediaServerTemplate))
        let video = "\(work)/\(mediaServerTemplate)"
        #expect(Self.outputs(arguments) == [video, "infojson:" + video, "thumbnail:" + video, "subtitle:" + video])
    }

    @Test("every side file's template passes the output template guard", arguments: [
        OutputLayout.archive.template(sourceName: "Spool Demo"),
        OutputLayout.mediaServer.template(sourceName: "Spool Demo"),
        OutputLayout.archive.template(sourceName: "../-100% odd/name"),
        "%(id)s.%(ext)s",
        "video.%(ext)s",
    ])
    func templatesAreSafe(template: String) throws {
        let layout = SideFileLayout(template: template)
        for side in [layout.infoJSONTemplate(videoTemplate: template), layout.thumbnailTemplate(videoTemplate: template), layout.subtitleTemplate(videoTemplate: template)] {
            try OutputTemplateGuard.validate(side)
            #expect(!side.split(separator: "/").contains(".."))
        }
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(showName: "x"), template: template))
        #expect(Self.outputs(arguments).allSatisfy { $0.contains(work + "/") })
    }

    @Test("the thumbnail is written and converted to JPEG only when asked for", arguments: [true, false])
    func thumbnail(on: Bool) throws {
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(writeThumbnail: on, showName: "s")))
        #expect(arguments.contains("--write-thumbnail") == on)
        #expect((YtDlpArgumentsTests.value(after: "--convert-thumbnails", in: arguments) == "jpg") == on)
        #expect(!arguments.contains("--embed-thumbnail"), "embedding stays the job's own choice")
    }

    @Test("the info JSON is always written: Spool reads it, and the NFO is made from it", arguments: [true, false])
    func infoJSON(on: Bool) throws {
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(writeInfoJSON: on, writeNFO: !on, showName: "s")))
        #expect(arguments.contains("--write-info-json"))
    }

    @Test("SponsorBlock marks every category as chapters, or removes sponsor segments", arguments: [
        (SponsorBlockMode?.none, [String]()),
        (SponsorBlockMode.mark, ["--sponsorblock-mark", "all"]),
        (SponsorBlockMode.remove, ["--sponsorblock-remove", "sponsor"]),
    ])
    func sponsorBlock(mode: SponsorBlockMode?, expected: [String]) throws {
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(sponsorBlock: mode, showName: "s")))
        let flags = arguments.indices.filter { arguments[$0].hasPrefix("--sponsorblock") }.flatMap { [arguments[$0], arguments[$0 + 1]] }
        #expect(flags == expected)
    }

    @Test("subtitles are kept as WebVTT files and embedded; automatic captions only when asked for", arguments: [true, false])
    func subtitles(auto: Bool) throws {
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(autoSubtitles: auto, showName: "s"), subtitles: ["en", "de"]))
        #expect(arguments.contains("--write-subs") && arguments.contains("--embed-subs"))
        #expect(arguments.contains("--sub-langs=en,de"))
        #expect(arguments.contains("--write-auto-subs") == auto)
        #expect(YtDlpArgumentsTests.value(after: "--convert-subs", in: arguments) == "vtt")
        let none = try YtDlpArguments.make(for: request(ArchiveFiles(autoSubtitles: auto, showName: "s")))
        #expect(!none.contains("--write-subs") && !none.contains("--convert-subs"))
    }

    @Test("a voice-over that speaks the site's subtitles still gets automatic captions")
    func voiceOverSubtitles() throws {
        var request = request(ArchiveFiles(autoSubtitles: false, showName: "s"))
        request.voiceOverSubtitleLanguage = "ru"
        let arguments = try YtDlpArguments.make(for: request)
        #expect(arguments.contains("--write-auto-subs") && arguments.contains("--sub-langs=ru,ru-.*"))
        #expect(!arguments.contains("--convert-subs") && !arguments.contains("--embed-subs"))
    }

    @Test("an audio preset keeps the thumbnail and the info JSON but fetches no subtitles")
    func audioOnly() throws {
        let arguments = try YtDlpArguments.make(for: request(ArchiveFiles(autoSubtitles: true, showName: "s"), subtitles: ["en"], format: "audio-mp3"))
        #expect(arguments.contains("--write-thumbnail") && arguments.contains("--extract-audio"))
        #expect(!arguments.contains("--write-subs"))
    }
}
