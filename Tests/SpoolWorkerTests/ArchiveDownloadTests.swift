import Foundation
import SpoolCore
import SpoolMedia
import SpoolTesting
import Testing

/// A followed source's video downloaded for real: yt-dlp and ffmpeg against a page served on
/// loopback with a `<video>` (poster image, WebVTT track), side files into the library with the
/// video, NFO files, and deleting the job with its files.
@Suite("Archived downloads (real yt-dlp)", .serialized)
struct ArchiveDownloadTests {
    static let show = "Spool & Demo"

    /// Serves a page `watch.html` titled `title` with a 3-second clip, a PNG poster and English subtitles.
    static func withPage<T>(title: String, _ body: (String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-archive-page-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await TestMedia.generateVideo(seconds: 3, width: 320, height: 180, to: folder.appendingPathComponent("clip.mp4"))
        try await TestMedia.generateImage(to: folder.appendingPathComponent("poster.png"))
        try TestSubtitles.write(TestSubtitles.webVTT([(0, 2, "Hello")]), to: folder.appendingPathComponent("en.vtt"))
        let page = """
        <!DOCTYPE html><html><head><title>\(XMLText.escape(title))</title></head><body>
        <video src="clip.mp4" poster="poster.png"><track kind="subtitles" srclang="en" src="en.vtt"></video>
        </body></html>
        """
        try Data(page.utf8).write(to: folder.appendingPathComponent("watch.html"))
        let server = try await MediaServer.start(directory: folder)
        do {
            let result = try await body(server.url(for: "watch.html"))
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    @Test("archive layout: <Source>/videos/<id>/ holds the video, its info.json, thumbnail, subtitles and NFO; delete removes just that folder")
    func archiveLayout() async throws {
        let rig = try RealDownloadRig()
        try await Self.withPage(title: "Cats <&> \"Dogs\"") { url in
            try await rig.run {
                let profile = Profile(name: "p", subtitleLanguages: ["en"], writeNFO: true)
                let options = profile.jobOptions(url: url, template: OutputLayout.archive.template(sourceName: Self.show), sourceName: Self.show)
                let job = try await rig.service.create(options)
                let done = try await rig.waitUntilTerminal(job.id)
                #expect(done.state == .complete, "\(done.failure?.message ?? "")")
                let media = try #require(try await rig.store.media(for: job.id))
                let id = try #require(media.sourceID)
                let folder = "\(Self.show)/videos/\(id)"
                #expect(done.outputPath == "\(rig.library)/\(folder)/video.mkv")
                #expect(rig.files(under: folder) == [
                    "\(folder)/subtitles/en.vtt", "\(folder)/thumbnail.jpg", "\(folder)/video.info.json", "\(folder)/video.mkv", "\(folder)/video.nfo",
                ])
                let info = try YtDlpInfo(contentsOf: "\(rig.library)/\(folder)/video.info.json")
                #expect(info.id == id && info.title == done.title)
                #expect(try String(contentsOfFile: "\(rig.library)/\(folder)/subtitles/en.vtt", encoding: .utf8).contains("Hello"))
                let thumbnail = try Data(contentsOf: URL(fileURLWithPath: "\(rig.library)/\(folder)/thumbnail.jpg"))
                #expect(thumbnail.prefix(3) == Data([0xFF, 0xD8, 0xFF]), "converted to JPEG")
                let streams = try await MediaInspector.streams(of: "\(rig.library)/\(folder)/video.mkv")
                #expect(streams.contains { $0.codecType == "subtitle" }, "the subtitles are embedded too")

                let title = try #require(done.title)
                #expect(title.hasPrefix("Cats <&> \"Dogs\""))
                let nfo = try String(contentsOfFile: "\(rig.library)/\(folder)/video.nfo", encoding: .utf8)
                #expect(nfo.contains("<title>\(XMLText.escape(title))</title>") && nfo.contains("&lt;&amp;&gt; &quot;Dogs&quot;"))
                #expect(nfo.contains("<showtitle>Spool &amp; Demo</showtitle>"))
                #expect(nfo.contains("<uniqueid type=\"\(media.extractor ?? "")\" default=\"true\">\(id)</uniqueid>"))
                #expect(nfo.contains("<thumb>thumbnail.jpg</thumb>") && nfo.contains("<runtime>1</runtime>"))
                let tvshow = try String(contentsOfFile: "\(rig.library)/\(Self.show)/tvshow.nfo", encoding: .utf8)
                #expect(tvshow.contains("<title>Spool &amp; Demo</title>") && !tvshow.contains("<thumb"))
                #expect(!FileManager.default.fileExists(atPath: "\(rig.library)/\(Self.show)/poster.jpg"), "a poster belongs to the media-server layout")
                #expect(!FileManager.default.fileExists(atPath: rig.storage.workDirectory(for: job.id)), "the work folder is gone")
                let kept = "kept beside the video: \(folder)/thumbnail.jpg, \(folder)/video.info.json, \(folder)/subtitles/en.vtt, \(folder)/video.nfo"
                #expect(try await rig.logs(of: job.id).contains(kept))
                #expect(try await rig.logs(of: job.id).contains("wrote \(Self.show)/tvshow.nfo"))

                // Another video of the source, and the job deleted with its files.
                try FileManager.default.createDirectory(atPath: "\(rig.library)/\(Self.show)/videos/other", withIntermediateDirectories: true)
                try Data("other".utf8).write(to: URL(fileURLWithPath: "\(rig.library)/\(Self.show)/videos/other/video.mkv"))
                try await rig.service.delete(job.id, deleteFiles: true)
                #expect(!FileManager.default.fileExists(atPath: "\(rig.library)/\(folder)"), "the video's folder is gone")
                #expect(rig.files(under: Self.show) == ["\(Self.show)/tvshow.nfo", "\(Self.show)/videos/other/video.mkv"])
            }
        }
    }

    @Test("media-server layout: side files beside the video under its name, poster and tvshow.nfo in the source folder; info.json read for the NFO but not kept")
    func mediaServerLayout() async throws {
        let rig = try RealDownloadRig()
        try await Self.withPage(title: "Episode One") { url in
            try await rig.run {
                let profile = Profile(name: "p", subtitleLanguages: ["en"], writeInfoJSON: false, writeNFO: true)
                let options = profile.jobOptions(url: url, template: OutputLayout.mediaServer.template(sourceName: Self.show), sourceName: Self.show)
                let job = try await rig.service.create(options)
                let done = try await rig.waitUntilTerminal(job.id)
                #expect(done.state == .complete, "\(done.failure?.message ?? "")")
                let output = try #require(done.outputPath)
                let relative = String(output.dropFirst(rig.library.count + 1))
                let stem = String(relative.dropLast(".mkv".count))
                #expect(relative.hasPrefix("\(Self.show)/Season ") && stem.hasSuffix("]"))
                let season = (relative as NSString).deletingLastPathComponent
                #expect(rig.files(under: season) == ["\(stem).en.vtt", "\(stem).jpg", "\(stem).mkv", "\(stem).nfo"])
                let nfo = try String(contentsOfFile: "\(rig.library)/\(stem).nfo", encoding: .utf8)
                #expect(nfo.contains("<title>Episode One") && nfo.contains("<thumb>\(XMLText.escape((stem as NSString).lastPathComponent)).jpg</thumb>"))
                let poster = try Data(contentsOf: URL(fileURLWithPath: "\(rig.library)/\(Self.show)/poster.jpg"))
                #expect(poster == (try Data(contentsOf: URL(fileURLWithPath: "\(rig.library)/\(stem).jpg"))))
                let tvshow = try String(contentsOfFile: "\(rig.library)/\(Self.show)/tvshow.nfo", encoding: .utf8)
                #expect(tvshow.contains("<thumb aspect=\"poster\">poster.jpg</thumb>"))
                #expect(done.artifacts.filter { $0.kind == .sideFile }.count == 3, "subtitles, thumbnail, NFO; not the shared files")

                try await rig.service.delete(job.id, deleteFiles: true)
                #expect(rig.files(under: Self.show) == ["\(Self.show)/poster.jpg", "\(Self.show)/tvshow.nfo"])
                #expect(!FileManager.default.fileExists(atPath: "\(rig.library)/\(season)"), "the emptied season folder is gone")
            }
        }
    }
}
