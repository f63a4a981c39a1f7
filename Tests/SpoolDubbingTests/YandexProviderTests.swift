import AsyncHTTPClient
import Foundation
import Logging
import SpoolCore
import SpoolDubbing
import SpoolMedia
import SpoolTesting
import Synchronization
import Testing
import YandexVOT

/// The `yandex` engine against the local VOT mock, with real ffmpeg/ffprobe.
@Suite("Yandex dubbing provider")
struct YandexProviderTests {
    @Test("translates by page URL, reports progress from the hints, downloads a playable MP3 into the work folder")
    func dubbing() async throws {
        try await withProvider { server, provider, sleeps in
            let work = try Self.makeDirectory()
            let request = Self.request(url: "https://example.com/watch/42", work: work, source: "en-US", target: "ru") {
                Issue.record("the audio is not needed for this video")
                return ""
            }
            let reports = YandexProgressLog()
            let result = try await provider.dub(request) { report in reports.append(report) }
            #expect(result == DubbingResult(audioPath: work + "/voice-yandex-ru.mp3", language: "ru"))
            let probe = try await FFprobe().probe(result.audioPath)
            #expect(probe.streams.first?.codecName == "mp3")
            #expect((probe.duration ?? 0) > 1.5)
            let sent = try #require(server.translateRequests.first)
            #expect(sent.url == "https://example.com/watch/42" && sent.language == "en" && sent.responseLanguage == "ru" && sent.duration == 8)
            let messages = reports.values.compactMap(\.message)
            #expect(messages.contains("Yandex: translating, about 46 s left"))
            let percents = reports.values.compactMap(\.percent)
            #expect(percents == percents.sorted() && percents.last == 100)
            #expect(sleeps.values.first == .seconds(46))
        }
    }

    @Test("when Yandex asks for audio, the extracted WAV is uploaded")
    func uploadsExtractedAudio() async throws {
        try await withProvider { server, provider, _ in
            let work = try Self.makeDirectory()
            let video = try await TestMedia.generateVideo(seconds: 2, width: 160, height: 90)
            let wav = work + "/original.wav"
            let request = Self.request(url: "https://example.com/v/needs-audio", work: work, source: nil, target: "en") {
                try await FFmpeg().extractAudio(from: video.path, to: wav, duration: 2)
                return wav
            }
            let result = try await provider.dub(request) { _ in }
            #expect(FileManager.default.fileExists(atPath: result.audioPath))
            #expect(server.translateRequests.first?.language == "auto")
            let id = try #require(server.translationID(url: "https://example.com/v/needs-audio"))
            let uploaded = try #require(server.uploadedAudio(translationID: id))
            #expect(uploaded == (try Data(contentsOf: URL(fileURLWithPath: wav))))
            #expect(uploaded.prefix(4) == Data("RIFF".utf8))
        }
    }

    @Test("a YouTube watch link is sent as youtu.be and takes the fail-audio path")
    func youTube() async throws {
        try await withProvider { server, provider, _ in
            let work = try Self.makeDirectory()
            let request = Self.request(url: "https://www.youtube.com/watch?v=LK6nLR1bzpI", work: work, source: "en", target: "kk") { "" }
            let result = try await provider.dub(request) { _ in }
            #expect(result.language == "kk")
            #expect(server.failAudioCalls == ["https://youtu.be/LK6nLR1bzpI"])
        }
    }

    @Test("failures map to Spool's codes: retryable, rejected, unsupported language")
    func errors() async throws {
        try await withProvider { _, provider, _ in
            let work = try Self.makeDirectory()
            let failing = Self.request(url: "https://example.com/v/fail", work: work, source: "en", target: "ru") { "" }
            await #expect(throws: SpoolError(.dubbingFailed, "Yandex: Yandex couldn't translate video: Возникла ошибка при переводе, попробуйте позже")) {
                try await provider.dub(failing) { _ in }
            }
            let noAudio = Self.request(url: "https://example.com/v/needs-audio", work: work, source: "en", target: "ru") {
                throw SpoolError(.toolFailed, "ffmpeg: no audio stream")
            }
            await #expect(throws: SpoolError(.toolFailed, "ffmpeg: no audio stream")) { try await provider.dub(noAudio) { _ in } }
            let german = Self.request(url: "https://example.com/v/cached", work: work, source: "en", target: "de") { "" }
            let error = await #expect(throws: SpoolError.self) { try await provider.dub(german) { _ in } }
            #expect(error?.code == .unsupportedLanguage)
        }
        try await withProvider(hmacKey: "wrong") { _, provider, _ in
            let request = Self.request(url: "https://example.com/v/cached", work: try Self.makeDirectory(), source: "en", target: "ru") { "" }
            let error = await #expect(throws: SpoolError.self) { try await provider.dub(request) { _ in } }
            #expect(error?.code == .dubbingRejected)
        }
    }

    @Test("settings from the environment")
    func environment() throws {
        let (defaults, defaultOptions) = try YandexDubbingProvider.settings(from: [:])
        #expect(defaults.host == "api.browser.yandex.ru" && !defaults.workerProxy && defaults.requestTimeout == .seconds(15))
        #expect(defaultOptions.translator.maxTotalWait == .seconds(1800) && defaults.oauthToken == nil)
        let (proxy, options) = try YandexDubbingProvider.settings(from: [
            "YANDEX_VOT_PROXY": "true", "YANDEX_VOT_TIMEOUT": "20", "YANDEX_VOT_MAX_WAIT": "600", "YANDEX_OAUTH_TOKEN": "t",
        ])
        #expect(proxy.host == "vot-worker.toil.cc" && proxy.workerProxy && proxy.requestTimeout == .seconds(20) && proxy.oauthToken == "t")
        #expect(options.translator.maxTotalWait == .seconds(600))
        #expect(throws: SpoolError.self) { try YandexDubbingProvider.settings(from: ["YANDEX_VOT_TIMEOUT": "soon"]) }
        #expect(throws: SpoolError.self) { try YandexDubbingProvider.settings(from: ["YANDEX_VOT_HOST": "http://host/path"]) }
    }

    // MARK: - Support

    private func withProvider(
        hmacKey: String = VOTSigner.defaultKey,
        _ body: (MockVOTServer, YandexDubbingProvider, YandexSleepLog) async throws -> Void
    ) async throws {
        let server = try await MockVOTServer.start()
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let sleeps = YandexSleepLog()
        let provider = YandexDubbingProvider(
            configuration: .init(host: server.baseURL, hmacKey: hmacKey),
            options: .init(translator: .init(sleep: sleeps.sleep)),
            httpClient: http, logger: Logger(label: "yandex-tests")
        )
        do {
            try await body(server, provider, sleeps)
        } catch {
            try? await http.shutdown()
            try? await server.shutdown()
            throw error
        }
        try await http.shutdown()
        try await server.shutdown()
    }

    private static func request(
        url: String, work: String, source: String?, target: String, extractAudio: @escaping @Sendable () async throws -> String
    ) -> DubbingRequest {
        DubbingRequest(
            jobID: .random(), sourceURL: url, mediaPath: work + "/media.mp4", duration: 8, title: "A test",
            sourceLanguage: source, targetLanguage: target, workDirectory: work, extractAudio: extractAudio
        )
    }

    private static func makeDirectory(_ label: String = #function) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spool-yandex-tests", isDirectory: true)
            .appendingPathComponent("\(label.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}

/// Records the translator's waits instead of sleeping.
final class YandexSleepLog: Sendable {
    private let delays = Mutex<[Duration]>([])

    /// The waits asked for so far.
    var values: [Duration] { delays.withLock { $0 } }

    /// A `sleep` that only records.
    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] delay in self.delays.withLock { $0.append(delay) } }
    }
}

/// Collects progress reports.
final class YandexProgressLog: Sendable {
    private let reports = Mutex<[DubbingProgress]>([])

    /// The reports so far.
    var values: [DubbingProgress] { reports.withLock { $0 } }

    /// Appends one report.
    func append(_ report: DubbingProgress) {
        reports.withLock { $0.append(report) }
    }
}
