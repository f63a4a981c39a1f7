import Foundation
import SpoolCore
import SpoolMedia
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
    func subtitleFetching() throws {
        let builder = DownloadRequestBuilder(defaultDubbingProvider: "yandex")
        #expect(builder.request(for: Self.job(provider: "tts"), workDirectory: "/w").voiceOverSubtitleLanguage == "ru")
        #expect(builder.request(for: Self.job(provider: nil), workDirectory: "/w").voiceOverSubtitleLanguage == nil)
        var given = Self.job(provider: "tts")
        given.options.dubbingSubtitles = "1\n00:00:01,000 --> 00:00:02,000\nПривет\n"
        #expect(builder.request(for: given, workDirectory: "/w").voiceOverSubtitleLanguage == nil)
        let arguments = try YtDlpArguments.make(for: builder.request(for: Self.job(provider: "tts"), workDirectory: "/w"))
        #expect(arguments.contains("--sub-langs=ru,ru-.*"))
        #expect(!arguments.contains("--embed-subs"), "subtitles for the voice-over are written, not embedded")
    }

    @Test("the site's subtitle files for the target language are found in the work folder")
    func findsSubtitleFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-subs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["Talk [x].ru.vtt", "Talk [x].ru-RU.srt", "Talk [x].en.vtt", "Talk [x].mkv", "Talk [x].rus.txt"] {
            FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data("x".utf8))
        }
        let found = DownloadStage.subtitleFiles(in: folder.path, language: "ru").map { ($0 as NSString).lastPathComponent }
        #expect(found == ["Talk [x].ru-RU.srt", "Talk [x].ru.vtt"])
    }
}
