import Foundation
import SpoolCore
import Testing

@testable import SpoolWorker

/// The download stage's side-file handling on the fakes: what moves, what is recorded, what stays
/// for the dub stage.
@Suite("Download stage side files")
struct DownloadSideFilesTests {
    /// A downloader that writes the video at `video` and `extras` (paths relative to the work folder).
    static func writing(_ storage: FakeStorage, video: String, extras: [String], metadata: SourceMetadata) -> FakeDownloader.Script {
        { _, request, _ in
            for file in [video] + extras { storage.add(request.workDirectory + "/" + file, file) }
            return MediaDownloadResult(filePath: request.workDirectory + "/" + video, metadata: metadata)
        }
    }

    @Test("a tts job finds the site's subtitles beside the video in its folder, not only at the top of the work folder")
    func voiceOverSubtitlesInVideoFolder() async throws {
        let harness = try StageHarness { Self.writing($0, video: "Ann/Talk [x].mkv", extras: ["Ann/Talk [x].ru.vtt", "Ann/Talk [x].info.json"], metadata: SourceMetadata(title: "Talk")) }
        let job = try await harness.service.create(JobOptions(url: "https://example.com/v", requestedDubbing: true, targetLang: "ru", dubbingProvider: "tts"))
        try await harness.run([.download]) {
            let done = try await harness.wait(for: job.id) { $0.finishedStages.contains(.download) || $0.state.isTerminal }
            let work = harness.storage.workDirectory(for: job.id)
            #expect(done.artifacts == [JobArtifact(kind: .subtitles, path: work + "/Ann/Talk [x].ru.vtt", language: "ru", stage: .download)])
            #expect(harness.storage.fileExists(work + "/Ann/Talk [x].ru.vtt"), "a one-off job keeps no side files")
        }
    }

    @Test("an archived video's side files move after it and are recorded; a requested subtitle the voice-over also speaks is read from the library")
    func archivedVideo() async throws {
        let stem = "Demo/Season 2024/Demo - 2024-03-15 - Talk [x]"
        let harness = try StageHarness {
            Self.writing($0, video: "\(stem).mkv", extras: ["\(stem).info.json", "\(stem).jpg", "\(stem).ru.vtt", "\(stem).en.vtt"], metadata: SourceMetadata(
                title: "Talk & more", duration: 61, extractor: "youtube", sourceID: "x", uploadDate: "20240315"
            ))
        }
        var options = Profile(name: "p", subtitleLanguages: ["en", "ru"], writeInfoJSON: false, writeNFO: true)
            .jobOptions(url: "https://example.com/v", template: OutputLayout.mediaServer.template(sourceName: "Demo"), sourceName: "Demo")
        options.requestedDubbing = true
        options.targetLang = "ru"
        options.dubbingProvider = "tts"
        let job = try await harness.service.create(options)
        let library = FakeStorage.library
        try await harness.run([.download]) {
            let done = try await harness.wait(for: job.id) { $0.finishedStages.contains(.download) || $0.state.isTerminal }
            #expect(done.outputPath == "\(library)/\(stem).mkv")
            #expect(done.artifacts.filter { $0.kind == .sideFile }.map(\.path) == [
                "\(library)/\(stem).jpg", "\(library)/\(stem).en.vtt", "\(library)/\(stem).ru.vtt", "\(library)/\(stem).nfo",
            ])
            #expect(done.artifact(.subtitles)?.path == "\(library)/\(stem).ru.vtt", "the dub stage reads it where it went")
            let files = harness.storage.files
            #expect(files["\(library)/\(stem).info.json"] == nil, "not asked for")
            let nfo = try #require(files["\(library)/\(stem).nfo"])
            #expect(nfo.contains("<title>Talk &amp; more</title>") && nfo.contains("<season>2024</season>") && nfo.contains("<episode>315</episode>"))
            #expect(nfo.contains("<thumb>Demo - 2024-03-15 - Talk [x].jpg</thumb>") && nfo.contains("<runtime>1</runtime>"))
            #expect(files["\(library)/Demo/poster.jpg"] == "\(stem).jpg")
            #expect(files["\(library)/Demo/tvshow.nfo"]?.contains("<thumb aspect=\"poster\">poster.jpg</thumb>") == true)
        }
        // Deleting the job with its files removes the video and its side files, not the source's shared files.
        try await harness.service.delete(job.id, deleteFiles: true)
        #expect(harness.storage.files.keys.filter { $0.hasPrefix(library) }.sorted() == ["\(library)/Demo/poster.jpg", "\(library)/Demo/tvshow.nfo"])
    }
}
