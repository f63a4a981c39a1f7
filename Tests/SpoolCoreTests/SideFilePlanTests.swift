import SpoolCore
import Testing

/// Which files beside a downloaded video are kept, and their names in the library.
@Suite("Side file plan")
struct SideFilePlanTests {
    static let archiveTemplate = OutputLayout.archive.template(sourceName: "Demo")
    static let mediaServerTemplate = OutputLayout.mediaServer.template(sourceName: "Demo")

    @Test("the layout is read from the video's file name", arguments: [
        (archiveTemplate, SideFileLayout.videoFolder),
        ("%(id)s/video.%(ext)s", .videoFolder),
        ("video.%(ext)s", .videoFolder),
        (mediaServerTemplate, .besideVideo),
        (OutputTemplateGuard.defaultTemplate, .besideVideo),
        ("%(id)s/%(id)s.%(ext)s", .besideVideo),
        ("x/video.mkv", .besideVideo),
    ])
    func layout(template: String, expected: SideFileLayout) {
        #expect(SideFileLayout(template: template) == expected)
    }

    @Test("a name beside the video follows the name the video was stored under")
    func names() {
        #expect(SideFile.Name.besideVideo(suffix: ".info.json").relativePath(forVideoNamed: "video (1).mkv") == "video (1).info.json")
        #expect(SideFile.Name.besideVideo(suffix: ".en.vtt").relativePath(forVideoNamed: "A. B [x].mkv") == "A. B [x].en.vtt")
        #expect(SideFile.Name.inVideoFolder("subtitles/en.vtt").relativePath(forVideoNamed: "video (1).mkv") == "subtitles/en.vtt")
    }

    @Test("the archive layout: video.info.json, thumbnail.jpg and subtitles/<lang>.vtt")
    func archiveLayout() {
        let plan = SideFilePlan(layout: .videoFolder, archive: ArchiveFiles(showName: "Demo"), subtitleLanguages: ["en", "de"])
        let video = "/t/j/Demo/videos/abc/video.mkv"
        #expect(plan.subtitleFolder(of: video) == "/t/j/Demo/videos/abc/subtitles")
        let files = plan.sideFiles(
            of: video, names: ["subtitles", "thumbnail.jpg", "video.info.json", "video.mkv", "video.mkv.part", "video.f137.mp4"],
            subtitleNames: ["video.de.vtt", "video.en.vtt", "notes.txt"]
        )
        #expect(files == [
            SideFile(kind: .thumbnail, path: "/t/j/Demo/videos/abc/thumbnail.jpg", name: .inVideoFolder("thumbnail.jpg")),
            SideFile(kind: .infoJSON, path: "/t/j/Demo/videos/abc/video.info.json", name: .besideVideo(suffix: ".info.json")),
            SideFile(kind: .subtitles(language: "de"), path: "/t/j/Demo/videos/abc/subtitles/video.de.vtt", name: .inVideoFolder("subtitles/de.vtt")),
            SideFile(kind: .subtitles(language: "en"), path: "/t/j/Demo/videos/abc/subtitles/video.en.vtt", name: .inVideoFolder("subtitles/en.vtt")),
        ])
    }

    @Test("the media-server layout: every side file keeps the video's name, dots in titles included")
    func mediaServerLayout() {
        let plan = SideFilePlan(layout: .besideVideo, archive: ArchiveFiles(showName: "Demo"), subtitleLanguages: ["en"])
        let stem = "Demo - 2024-05-01 - Mr. Smith v1.2 [abc]"
        let names = ["\(stem).en.vtt", "\(stem).info.json", "\(stem).jpg", "\(stem).mkv", "\(stem).temp.mkv", "Other [zzz].jpg"]
        let files = plan.sideFiles(of: "/t/j/Demo/Season 2024/\(stem).mkv", names: names, subtitleNames: names)
        #expect(files.map(\.name) == [.besideVideo(suffix: ".info.json"), .besideVideo(suffix: ".jpg"), .besideVideo(suffix: ".en.vtt")], "sorted by name, subtitles last")
        #expect(files.map(\.kind) == [.infoJSON, .thumbnail, .subtitles(language: "en")])
        #expect(plan.subtitleFolder(of: "/t/j/Demo/Season 2024/\(stem).mkv") == "/t/j/Demo/Season 2024")
    }

    @Test("what is not asked for stays in the work folder")
    func choices() {
        let plan = SideFilePlan(
            layout: .videoFolder, archive: ArchiveFiles(writeInfoJSON: false, writeThumbnail: false, writeNFO: true, showName: "Demo"),
            subtitleLanguages: ["en"], voiceOverLanguage: "ru"
        )
        let files = plan.sideFiles(
            of: "/t/j/v/video.mkv", names: ["thumbnail.webp", "video.info.json", "video.mkv"],
            subtitleNames: ["video.en.vtt", "video.ru.vtt", "video.ru-RU.srt", "video.rus.vtt"]
        )
        #expect(files.map(\.kind) == [.subtitles(language: "en"), .subtitles(language: "rus")], "the info.json (read for the NFO), the thumbnail and the voice-over's subtitles stay")
        #expect(plan.keeps("ru") == false && plan.keeps("ru-RU") == false && plan.keeps("en") && plan.keeps("rus"))
        let both = SideFilePlan(layout: .videoFolder, archive: ArchiveFiles(showName: "Demo"), subtitleLanguages: ["ru"], voiceOverLanguage: "ru")
        #expect(both.keeps("ru"), "asked for and spoken: kept")
    }

    @Test("a one-off job has no plan; a source's job has one from its request")
    func fromRequest() {
        #expect(SideFilePlan(request: MediaDownloadRequest(options: JobOptions(url: "https://e.com/v"), workDirectory: "/t/j")) == nil)
        let options = Profile(name: "p", subtitleLanguages: ["en"]).jobOptions(url: "https://e.com/v", template: Self.mediaServerTemplate, sourceName: "Demo")
        var request = MediaDownloadRequest(options: options, workDirectory: "/t/j")
        request.voiceOverSubtitleLanguage = "ru"
        #expect(SideFilePlan(request: request) == SideFilePlan(
            layout: .besideVideo, archive: options.archive!, subtitleLanguages: ["en"], voiceOverLanguage: "ru"
        ))
    }

    @Test("the source's folder is the first one, when the template starts with the source's folder name")
    func showFolder() {
        #expect(SideFileLayout.showFolder(template: Self.archiveTemplate, showName: "Demo", videoRelativePath: "Demo/videos/abc/video.mkv") == "Demo")
        #expect(SideFileLayout.showFolder(template: Self.mediaServerTemplate, showName: "Demo", videoRelativePath: "Demo/Season 2024/x.mkv") == "Demo")
        let odd = OutputLayout.mediaServer.template(sourceName: "100% A/B")
        #expect(SideFileLayout.showFolder(template: odd, showName: "100% A/B", videoRelativePath: "100% A_B/Season 2024/x.mkv") == "100% A_B")
        #expect(SideFileLayout.showFolder(template: OutputTemplateGuard.defaultTemplate, showName: "Demo", videoRelativePath: "Ann/x.mkv") == nil)
        #expect(SideFileLayout.showFolder(template: "Demo.%(ext)s", showName: "Demo", videoRelativePath: "Demo.mkv") == nil)
    }
}
