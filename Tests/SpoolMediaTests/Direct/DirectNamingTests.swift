import Foundation
import SpoolCore
@testable import SpoolMedia
import Testing

/// A plain file's name: what the server says (type, Content-Disposition), and yt-dlp's rules for
/// names (sanitizing, output templates), checked against values yt-dlp 2026.x printed for the same input.
@Suite("Direct file names")
struct DirectNamingTests {
    @Test("field values are sanitized as yt-dlp's sanitize_filename does", arguments: [
        ("My clip: take 2", "My clip： take 2"), ("a/b\\c", "a⧸b⧹c"), ("say \"hi\"?", "say ＂hi＂？"),
        ("12:30:05 news", "12_30_05 news"), ("line one\nline two", "line one line two"), ("\nstarts", "starts"),
        ("ends\n", "ends"), ("tab\there", "tabhere"), ("<>|*", "＜＞｜＊"), ("café ☕", "café ☕"), ("-dash", "-dash"),
        ("..dots", "..dots"), ("", ""), ("a\n\n\nb", "a b"),
    ])
    func sanitizer(input: String, expected: String) {
        #expect(FileNameSanitizer.sanitize(input) == expected)
    }

    @Test("output templates render as yt-dlp renders them", arguments: [
        ("%(uploader,extractor)s/%(title).180B [%(id)s].%(ext)s", "generic/My clip： take 2 [clip].mp4"),
        ("%(title).5s", "My cl"), ("%(title).6B", "My cli"), ("%(upload_date|unknown)s", "20240102"), ("%(height)sp", "NAp"),
        ("100%% %(id)s", "100% clip"), ("%(filesize)08d", "00001234"), ("%(id)10s|", "      clip|"), ("%(id)-10s|", "clip      |"),
        ("%(nothere|)s", ""), ("%(filesize)s", "1234"),
    ])
    func template(template: String, expected: String) {
        let renderer = OutputTemplateRenderer(fields: [
            "id": .text("clip"), "title": .text("My clip: take 2"), "ext": .text("mp4"), "extractor": .text("generic"),
            "upload_date": .text("20240102"), "filesize": .number(1234),
        ])
        #expect(renderer.render(template) == expected)
    }

    @Test("templates beyond plain fields are left to yt-dlp", arguments: [
        "%(upload_date>%Y)s/%(title)s.%(ext)s", "%(title&yes)s.%(ext)s", "%(duration+1)s.%(ext)s", "%(formats.0.url)s.%(ext)s",
        "%(title)S.%(ext)s", "%(title)j.%(ext)s", "50% off.%(ext)s", "%(title.%(ext)s",
    ])
    func unsupportedTemplate(template: String) {
        #expect(OutputTemplateRenderer(fields: ["title": .text("t"), "ext": .text("mp4")]).render(template) == nil)
    }

    @Test("Content-Disposition names: filename* wins, quotes and escapes, never a path")
    func contentDisposition() {
        #expect(ContentDisposition.fileName(in: "attachment; filename=\"Summer trip.mp4\"") == "Summer trip.mp4")
        #expect(ContentDisposition.fileName(in: "attachment; filename=plain.webm; size=3") == "plain.webm")
        #expect(ContentDisposition.fileName(in: "attachment; filename=\"x.mp4\"; filename*=UTF-8''Caf%C3%A9%20night.mp4") == "Café night.mp4")
        #expect(ContentDisposition.fileName(in: "inline; filename*=iso-8859-1'en'%E9t%E9.mp3") == "été.mp3")
        #expect(ContentDisposition.fileName(in: "attachment; filename=\"a \\\"quoted\\\" name.mkv\"") == "a \"quoted\" name.mkv")
        #expect(ContentDisposition.fileName(in: "attachment; filename=\"../../etc/passwd\"") == "passwd")
        #expect(ContentDisposition.fileName(in: "attachment; filename=\"..\"") == nil)
        #expect(ContentDisposition.fileName(in: "attachment") == nil)
    }

    @Test("the media type decides what counts as a media file and its extension")
    func mediaTypes() {
        #expect(MediaFileType.essence(of: "Video/MP4; codecs=\"avc1\"") == "video/mp4")
        #expect(MediaFileType.fileExtension(mediaType: "video/mp4", nameExtension: "mp4") == "mp4")
        #expect(MediaFileType.fileExtension(mediaType: "video/mp4", nameExtension: "m4v") == "m4v")
        #expect(MediaFileType.fileExtension(mediaType: "video/webm", nameExtension: "php") == "webm")
        #expect(MediaFileType.fileExtension(mediaType: "video/mp4", nameExtension: nil) == "mp4")
        #expect(MediaFileType.fileExtension(mediaType: "audio/mpeg", nameExtension: "mp3") == "mp3")
        #expect(MediaFileType.fileExtension(mediaType: "application/octet-stream", nameExtension: "mkv") == "mkv")
        #expect(MediaFileType.fileExtension(mediaType: "application/octet-stream", nameExtension: "zip") == nil)
        #expect(MediaFileType.fileExtension(mediaType: "application/octet-stream", nameExtension: nil) == nil)
        #expect(MediaFileType.fileExtension(mediaType: "text/html", nameExtension: "mp4") == nil)
        #expect(MediaFileType.fileExtension(mediaType: "application/vnd.apple.mpegurl", nameExtension: "m3u8") == nil)
        #expect(MediaFileType.fileExtension(mediaType: "audio/x-mpegurl", nameExtension: nil) == nil)
    }

    @Test("id and title follow yt-dlp's generic extractor; the suggested name wins for the title")
    func names() throws {
        let plain = try #require(DirectFileName(file: DirectFile(
            url: "http://h/media/My%20clip%3A%20take%202.mp4?token=1", length: 10, mediaType: "video/mp4",
            lastModified: "Tue, 02 Jan 2024 10:00:00 GMT"
        )))
        #expect(plain.id == "My clip: take 2" && plain.title == "My clip: take 2" && plain.ext == "mp4")
        #expect(plain.uploadDate == "20240102" && plain.timestamp == 1_704_189_600)
        #expect(plain.relativePath(template: OutputTemplateGuard.defaultTemplate) == "generic/My clip： take 2 [My clip： take 2].mp4")
        #expect(plain.metadata.extractor == "generic" && plain.metadata.sourceID == "My clip: take 2" && plain.metadata.filesize == 10)

        let suggested = try #require(DirectFileName(file: DirectFile(
            url: "http://h/download/42", length: 10, mediaType: "video/mp4", suggestedName: "Café night.mov"
        )))
        #expect(suggested.id == "42" && suggested.title == "Café night" && suggested.ext == "mp4")

        let redirected = try #require(DirectFileName(file: DirectFile(
            url: "http://h/go", length: 10, mediaType: "application/octet-stream", redirectedURL: "http://cdn/files/clip.mkv"
        )))
        #expect(redirected.id == "clip" && redirected.ext == "mkv")
        #expect(DirectFileName(file: DirectFile(url: "http://h/blob", length: 10, mediaType: "application/octet-stream")) == nil)
        #expect(plain.relativePath(template: "%(title)S.%(ext)s") == nil, "a template that needs yt-dlp")
        #expect(plain.relativePath(template: "/abs/%(id)s.%(ext)s") == nil)
    }
}
