import Foundation
import SpoolCore
import Testing

@testable import SpoolStorage

/// Side files of an archived video going into the library with it, shared source files, and
/// deleting them again.
@Suite("Side files in the library")
struct SideFileStorageTests {
    /// A video stored from a fresh work folder at `relative`; returns that work folder and the video.
    static func storedVideo(_ storage: LocalMediaStorage, at relative: String, content: String = "video") throws -> (work: String, video: StoredFile) {
        let id = JobID.random()
        _ = try storage.createWorkDirectory(for: id, subfolder: (relative as NSString).deletingLastPathComponent)
        let work = storage.workDirectory(for: id)
        try storage.write(content, to: work + "/" + relative)
        return (work, try storage.store(work + "/" + relative, from: work))
    }

    /// Creates `folder` (relative) inside the work folder `work`.
    static func makeFolder(_ folder: String, in work: String) throws {
        try FileManager.default.createDirectory(atPath: work + "/" + folder, withIntermediateDirectories: true)
    }

    @Test("side files go into the video's folder under their planned names; subtitles/ is made")
    func archiveLayout() throws {
        let (storage, root) = try LocalMediaStorageTests.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let (work, video) = try Self.storedVideo(storage, at: "Demo/videos/abc/video.mkv")
        let folder = work + "/Demo/videos/abc"
        try Self.makeFolder("Demo/videos/abc/subtitles", in: work)
        try storage.write("{}", to: folder + "/video.info.json")
        try storage.write("jpg", to: folder + "/thumbnail.jpg")
        try storage.write("WEBVTT", to: folder + "/subtitles/video.en.vtt")
        let info = try storage.storeSideFile(SideFile(kind: .infoJSON, path: folder + "/video.info.json", name: .besideVideo(suffix: ".info.json")), beside: video.path)
        let thumb = try storage.storeSideFile(SideFile(kind: .thumbnail, path: folder + "/thumbnail.jpg", name: .inVideoFolder("thumbnail.jpg")), beside: video.path)
        let subs = try storage.storeSideFile(SideFile(kind: .subtitles(language: "en"), path: folder + "/subtitles/video.en.vtt", name: .inVideoFolder("subtitles/en.vtt")), beside: video.path)
        #expect([info.relativePath, thumb.relativePath, subs.relativePath] == ["Demo/videos/abc/video.info.json", "Demo/videos/abc/thumbnail.jpg", "Demo/videos/abc/subtitles/en.vtt"])
        #expect(try String(contentsOfFile: subs.path, encoding: .utf8) == "WEBVTT" && subs.size == 6)
        #expect(!storage.fileExists(folder + "/thumbnail.jpg"), "moved, not copied")
    }

    @Test("when the video was stored as ` (1)`, its side files follow it and nothing is overwritten")
    func followsTheVideo() throws {
        let (storage, root) = try LocalMediaStorageTests.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Self.storedVideo(storage, at: "Demo/Season 2024/Ep [a].mkv", content: "one")
        let second = try Self.storedVideo(storage, at: "Demo/Season 2024/Ep [a].mkv", content: "two")
        #expect(second.video.relativePath == "Demo/Season 2024/Ep [a] (1).mkv")
        for (work, video) in [first, second] {
            try storage.write(video.relativePath, to: work + "/Demo/Season 2024/Ep [a].jpg")
            let stored = try storage.storeSideFile(SideFile(kind: .thumbnail, path: work + "/Demo/Season 2024/Ep [a].jpg", name: .besideVideo(suffix: ".jpg")), beside: video.path)
            #expect(try String(contentsOfFile: stored.path, encoding: .utf8) == video.relativePath)
        }
        #expect(storage.fileNames(in: storage.paths.libraryRoot + "/Demo/Season 2024") == ["Ep [a] (1).jpg", "Ep [a] (1).mkv", "Ep [a].jpg", "Ep [a].mkv"])
        // A fixed name that is taken gets a number instead of replacing the other video's file.
        try storage.write("again", to: second.work + "/thumbnail.jpg")
        let again = try storage.storeSideFile(SideFile(kind: .thumbnail, path: second.work + "/thumbnail.jpg", name: .inVideoFolder("Ep [a].jpg")), beside: second.video.path)
        #expect(again.relativePath == "Demo/Season 2024/Ep [a] (2).jpg")
    }

    @Test("a side file never comes from outside a work folder nor goes outside the video's folder")
    func refusals() throws {
        let (storage, root) = try LocalMediaStorageTests.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let (work, video) = try Self.storedVideo(storage, at: "Demo/videos/abc/video.mkv")
        let outside = root.appendingPathComponent("secret.txt").path
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside))
        #expect(throws: SpoolError.self) { try storage.storeSideFile(SideFile(kind: .nfo, path: outside, name: .besideVideo(suffix: ".nfo")), beside: video.path) }
        try storage.write("x", to: work + "/x.nfo")
        for name in ["../../escape.nfo", "/etc/x.nfo", "a//b.nfo", "./x.nfo", ""] {
            let error = #expect(throws: SpoolError.self) { try storage.storeSideFile(SideFile(kind: .nfo, path: work + "/x.nfo", name: .inVideoFolder(name)), beside: video.path) }
            #expect(error?.code == .outputEscapesLibrary, "\(name)")
        }
        #expect(throws: SpoolError.self) { try storage.storeSideFile(SideFile(kind: .nfo, path: work + "/x.nfo", name: .besideVideo(suffix: ".nfo")), beside: outside) }
        #expect(storage.fileExists(work + "/x.nfo") && storage.fileExists(outside))
    }

    @Test("a shared file is copied only when missing; the first copy stays")
    func copyIfAbsent() throws {
        let (storage, root) = try LocalMediaStorageTests.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let (work, video) = try Self.storedVideo(storage, at: "Demo/Season 2024/Ep.mkv")
        try storage.write("<tvshow/>", to: work + "/tvshow.nfo")
        let first = try storage.storeCopy(of: work + "/tvshow.nfo", at: "Demo/tvshow.nfo")
        #expect(first?.relativePath == "Demo/tvshow.nfo" && storage.fileExists(work + "/tvshow.nfo"), "a copy: the work file stays")
        try storage.write("<other/>", to: work + "/tvshow.nfo")
        #expect(try storage.storeCopy(of: work + "/tvshow.nfo", at: "Demo/tvshow.nfo") == nil)
        #expect(try String(contentsOfFile: storage.paths.libraryRoot + "/Demo/tvshow.nfo", encoding: .utf8) == "<tvshow/>")
        let poster = try storage.storeCopy(of: video.path, at: "Demo/poster.jpg")
        #expect(poster?.size == 5 && storage.fileExists(video.path), "a library file can be the source")
        #expect(storage.fileNames(in: storage.paths.libraryRoot + "/Demo") == ["Season 2024", "poster.jpg", "tvshow.nfo"], "no staging file left")
        #expect(throws: SpoolError.self) { try storage.storeCopy(of: work + "/tvshow.nfo", at: "../outside.nfo") }
        #expect(throws: SpoolError.self) { try storage.storeCopy(of: root.path + "/tmp/../../x", at: "x.nfo") }
    }

    @Test("deleting a video and its side files removes its emptied folders, never a folder with other files")
    func removal() async throws {
        let (storage, root) = try LocalMediaStorageTests.storage()
        defer { try? FileManager.default.removeItem(at: root) }
        let library = storage.paths.libraryRoot
        let (work, video) = try Self.storedVideo(storage, at: "Demo/videos/abc/video.mkv")
        let other = try Self.storedVideo(storage, at: "Demo/videos/def/video.mkv")
        try Self.makeFolder("s", in: work)
        try storage.write("WEBVTT", to: work + "/s/en.vtt")
        let subs = try storage.storeSideFile(SideFile(kind: .subtitles(language: "en"), path: work + "/s/en.vtt", name: .inVideoFolder("subtitles/en.vtt")), beside: video.path)
        try storage.write("<tvshow/>", to: work + "/tvshow.nfo")
        _ = try storage.storeCopy(of: work + "/tvshow.nfo", at: "Demo/tvshow.nfo")
        for path in [video.path, subs.path] { try await storage.removeOutput(path: path) }
        #expect(!storage.fileExists(library + "/Demo/videos/abc"), "the emptied video folder is gone")
        #expect(storage.fileExists(other.video.path) && storage.fileExists(library + "/Demo/tvshow.nfo"))
        try await storage.removeOutput(path: other.video.path)
        #expect(!storage.fileExists(library + "/Demo/videos"))
        #expect(storage.fileNames(in: library + "/Demo") == ["tvshow.nfo"], "the source folder keeps what its videos share")
    }
}
