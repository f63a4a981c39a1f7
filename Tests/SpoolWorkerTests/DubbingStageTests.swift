import Foundation
import SpoolCore
import SpoolQueue
import SpoolTesting
import Testing

@testable import SpoolWorker

/// The parts of the dub and download stages that decide things without running tools.
@Suite("Dubbing stage decisions")
struct DubbingStageTests {
    struct FakeEngine: DubbingProvider {
        let name: String
        let supportedTargetLanguages: Set<String>?

        func dub(_ request: DubbingRequest, progress: @escaping @Sendable (DubbingProgress) async -> Void) async throws -> DubbingResult {
            DubbingResult(audioPath: request.workDirectory + "/voice.wav", language: request.targetLanguage)
        }
    }

    static func job(provider: String?, target: String = "ru") -> Job {
        Job(options: JobOptions(url: "https://example.com/v", requestedDubbing: true, targetLang: target, dubbingProvider: provider))
    }

    /// Picks the engine for `job` among `engines` as the dub stage does.
    struct Picker {
        let engines: [String: any DubbingProvider]
        let defaultProvider: String

        func engine(for job: Job) throws(SpoolError) -> any DubbingProvider {
            try DubStage.engine(for: job, among: engines, defaultProvider: defaultProvider)
        }
    }

    static func stage(engines: [any DubbingProvider], defaultProvider: String = "yandex") throws -> Picker {
        Picker(engines: Dictionary(uniqueKeysWithValues: engines.map { ($0.name, $0) }), defaultProvider: defaultProvider)
    }

    @Test("the job's engine, else the configured default, is chosen")
    func picksEngine() throws {
        let stage = try Self.stage(engines: [FakeEngine(name: "tts", supportedTargetLanguages: nil), FakeEngine(name: "yandex", supportedTargetLanguages: ["ru", "en", "kk"])])
        #expect(try stage.engine(for: Self.job(provider: "tts")).name == "tts")
        #expect(try stage.engine(for: Self.job(provider: nil)).name == "yandex")
    }

    @Test("an engine that is not configured is a permanent provider_unavailable naming the ones there are")
    func missingEngine() throws {
        let stage = try Self.stage(engines: [FakeEngine(name: "tts", supportedTargetLanguages: nil)])
        let error = #expect(throws: SpoolError.self) { try stage.engine(for: Self.job(provider: "openai")) }
        #expect(error?.code == .providerUnavailable)
        #expect(error?.message.contains("available: tts") == true)
    }

    @Test("a language the engine cannot speak is unsupported_language")
    func unsupportedLanguage() throws {
        let stage = try Self.stage(engines: [FakeEngine(name: "yandex", supportedTargetLanguages: ["ru", "en", "kk"])])
        let error = #expect(throws: SpoolError.self) { try stage.engine(for: Self.job(provider: "yandex", target: "de")) }
        #expect(error?.code == .unsupportedLanguage)
    }

    @Test("tts jobs without their own subtitles fetch the site's in the target language; others do not")
    func subtitleFetching() {
        let builder = DownloadRequestBuilder(defaultDubbingProvider: "yandex")
        #expect(builder.request(for: Self.job(provider: "tts"), workDirectory: "/w").voiceOverSubtitleLanguage == "ru")
        #expect(builder.request(for: Self.job(provider: nil), workDirectory: "/w").voiceOverSubtitleLanguage == nil)
        var given = Self.job(provider: "tts")
        given.options.dubbingSubtitles = "1\n00:00:01,000 --> 00:00:02,000\nПривет\n"
        #expect(builder.request(for: given, workDirectory: "/w").voiceOverSubtitleLanguage == nil)
    }

    @Test("the site's subtitle files for the target language are found among the work folder's files")
    func findsSubtitleFiles() {
        let names = ["Talk [x].ru.vtt", "Talk [x].ru-RU.srt", "Talk [x].en.vtt", "Talk [x].mkv", "Talk [x].rus.txt"]
        let found = DownloadStage.subtitleFiles(names, in: "/w", language: "ru")
        #expect(found == ["/w/Talk [x].ru-RU.srt", "/w/Talk [x].ru.vtt"])
    }
}
