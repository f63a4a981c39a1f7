import Foundation
import SpoolCore
import SpoolMedia
import Testing

/// Fixtures: `.info.json` files yt-dlp 2026.10.26 wrote for a direct MP4 URL (generic extractor) and
/// for an HTML page with a JSON-LD `VideoObject` (uploader, duration, size, thumbnail filled in).
@Suite("yt-dlp info JSON")
struct YtDlpInfoTests {
    @Test("a direct file: id and title from the name, no duration or uploader")
    func directFile() throws {
        let info = try YtDlpInfo(json: Fixture.data("http-download.info.json"))
        #expect(info.id == "test" && info.title == "test")
        #expect(info.extractor == "generic" && info.ext == "mp4")
        #expect(info.webpageURL == "http://127.0.0.1:18501/test.mp4")
        #expect(info.duration == nil && info.uploader == nil && info.bestFilesize == nil && info.width == nil)
    }

    @Test("a page with metadata: uploader, duration, dimensions, thumbnail, description, upload date")
    func richPage() throws {
        let info = try YtDlpInfo(json: Fixture.data("jsonld-page.info.json"))
        #expect(info == YtDlpInfo(
            id: "watch", title: "Spool Test Clip", uploader: "Spool Test Channel", duration: 5, width: 640, height: 360,
            extractor: "generic", webpageURL: "http://127.0.0.1:18501/watch.html",
            thumbnail: "http://127.0.0.1:18501/thumb.jpg", ext: "mp4", description: "A generated test pattern.", uploadDate: "20261120"
        ))
        #expect(info.metadata.description == "A generated test pattern." && info.metadata.uploadDate == "20261120", "what an episode NFO is made from")
        var media = Media(jobID: JobID.random())
        info.apply(to: &media)
        #expect(media.title == "Spool Test Clip" && media.uploader == "Spool Test Channel" && media.sourceID == "watch")
        #expect(media.resolution == "640x360" && media.thumbnailURL == "http://127.0.0.1:18501/thumb.jpg")
    }

    @Test("odd types and nulls become nil instead of failing; channel and approximate size are fallbacks")
    func lenient() throws {
        let json = #"{"id": 42, "title": null, "channel": "Chan", "duration": "12.5", "width": "wide", "height": 720.0, "filesize": null, "filesize_approx": 1048576.4, "thumbnail": "", "season_number": 3, "episode_number": "x"}"#
        let info = try YtDlpInfo(json: Data(json.utf8))
        #expect(info.id == nil && info.title == nil && info.thumbnail == nil)
        #expect(info.uploaderOrChannel == "Chan" && info.duration == 12.5 && info.width == nil && info.height == 720)
        #expect(info.bestFilesize == 1_048_576)
        #expect(info.seasonNumber == 3 && info.episodeNumber == nil && info.description == nil)
        #expect(throws: (any Error).self) { try YtDlpInfo(json: Data("[1]".utf8)) }
    }
}
