import SpoolCore
import Testing

@testable import SpoolWorker

/// The dub and mux stages on a fake dubbing engine, a fake mixer, a fake prober and fake storage.
@Suite("Dub and mux stages")
struct DubMuxStageTests {
    static let options = JobOptions(url: "https://example.com/v", requestedDubbing: true, targetLang: "ru", dubbingProvider: "tts", sourceLang: "en")

    static func harness() throws -> StageHarness {
        try StageHarness { FakeDownloader.succeeding(storage: $0, extraFiles: ["Talk [x].ru.vtt", "Talk [x].en.vtt"]) }
    }

    @Test("download → dub → mux: the voice track is an artifact and the mixed file replaces the download")
    func chain() async throws {
        let harness = try Self.harness()
        let job = try await harness.service.create(Self.options)
        let library = FakeStorage.library + "/Talk [x].mkv"
        let work = harness.storage.workDirectory(for: job.id)
        try await harness.run {
            let done = try await harness.waitUntilTerminal(job.id)
            #expect(done.state == .complete)
            #expect(done.outputPath == library)
            #expect(done.artifact(.voiceTrack) == JobArtifact(kind: .voiceTrack, path: work + "/dub/voice.wav", language: "ru", stage: .dub))
            #expect(done.artifact(.subtitles)?.path == work + "/Talk [x].ru.vtt")
        }
        #expect(try await harness.states(of: job.id) == ["DOWNLOADING", "DOWNLOADED", "DUBBING", "DUBBED", "MUXING", "COMPLETE"])

        let request = try #require(harness.engine.requests.first)
        #expect(request.mediaPath == library && request.sourceURL == "https://example.com/page" && request.duration == 10)
        #expect(request.workDirectory == work + "/dub" && request.subtitlePaths == [work + "/Talk [x].ru.vtt"])
        #expect(harness.processor.extractions == [AudioExtractionRequest(source: library, output: work + "/dub/original-16k.wav", duration: 10)])

        let mix = try #require(harness.processor.mixes.first)
        #expect(mix == VoiceOverRequest(
            source: library, voice: work + "/dub/voice.wav", output: work + "/mux/Talk [x].mkv", duration: 10,
            voiceLanguage: "ru", originalLanguage: "en", hasVideo: true, settings: StageHarness.mix
        ))
        #expect(harness.storage.files[library] == "muxed", "the mixed file replaced the download")
        #expect(harness.storage.files[work + "/mux/Talk [x].mkv"] == nil)
        let media = try #require(try await harness.store.media(for: job.id))
        #expect(media.relativePath == "Talk [x].mkv" && media.filesize == 5)
    }

    @Test("mux fails for good when the voice track is gone, and leaves the library file alone")
    func missingVoiceTrack() async throws {
        let harness = try Self.harness()
        let job = try await harness.service.create(Self.options)
        let voice = harness.storage.workDirectory(for: job.id) + "/dub/voice.wav"
        try await harness.run([.download, .dub]) {
            try await harness.wait(for: job.id) { $0.state == .dubbed }
        }
        harness.storage.remove(voice)
        try await harness.run([.mux]) {
            let done = try await harness.waitUntilTerminal(job.id)
            #expect(done.state == .failed)
            #expect(done.failure?.code == "dubbing_rejected")
            #expect(done.failure?.message.contains("voice track is missing") == true)
        }
        #expect(harness.processor.mixes.isEmpty)
        #expect(harness.storage.files[FakeStorage.library + "/Talk [x].mkv"] == "video of https://example.com/v")
    }
}
