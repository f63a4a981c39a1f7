import Foundation
import SpoolCore
@testable import SpoolDubbing
import SpoolTesting
import Testing

@Suite("tts engine end to end (real espeak-ng, ffmpeg, ffprobe)")
struct TTSDubbingTests {
    static let cues: [(start: Double, end: Double, text: String)] = [
        (1.0, 2.5, "Привет!"),
        (5.0, 6.5, "Как дела?"),
        (9.0, 10.5, "Всё хорошо."),
        (13.0, 14.5, "До свидания."),
    ]

    @Test("a generated 16 s video and Russian SRT: one track of the video's length, speech in each cue, silence between")
    func endToEnd() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let video = try await TestMedia.generateVideo(seconds: 16)
        let subtitles = try TestSubtitles.write(TestSubtitles.srt(Self.cues), to: URL(fileURLWithPath: folder + "/clip.ru.srt"))
        let log = SpeechTestSupport.ProgressLog()
        let request = SpeechTestSupport.request(media: video.path, language: "ru", workDirectory: folder, subtitles: [subtitles.path])

        let result = try await TTSDubbingProvider().dub(request) { await log.append($0) }

        #expect(result.language == "ru" && result.audioPath.hasPrefix(folder + "/"))
        let videoDuration = try await SpeechTestSupport.probedDuration(video.path)
        let trackDuration = try await SpeechTestSupport.probedDuration(result.audioPath)
        #expect(abs(trackDuration - videoDuration) < 0.04)
        let track = try PCMAudio(wavFile: result.audioPath)
        #expect(SpeechTestSupport.peak(track, from: 0, to: 0.99) == 0)
        for (index, cue) in Self.cues.enumerated() {
            #expect(SpeechTestSupport.rms(track, from: cue.start, to: cue.start + 0.5) > 800, "speech in cue \(index + 1)")
            let nextStart = index + 1 < Self.cues.count ? Self.cues[index + 1].start : videoDuration
            #expect(SpeechTestSupport.peak(track, from: cue.start + 2.2, to: nextStart - 0.01) == 0, "silence after cue \(index + 1)")
        }
        let reports = await log.reports
        #expect(reports.last?.percent == 100 && reports.last?.message?.contains("4 of 4 phrases spoken") == true)
        #expect(reports.compactMap(\.message).count <= 3, "log lines stay few")
        #expect(reports.compactMap(\.percent) == reports.compactMap(\.percent).sorted())
    }

    @Test("YouTube automatic captions in WebVTT are spoken as sentences; the duration comes from the request")
    func youTubeCaptions() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let subtitles = try TestSubtitles.write(SubtitleParserTests.youTubeAuto, to: URL(fileURLWithPath: folder + "/clip.en.vtt"))
        let request = SpeechTestSupport.request(media: folder + "/absent.mp4", duration: 9.25, language: "en", workDirectory: folder, subtitles: [subtitles.path])
        let result = try await TTSDubbingProvider().dub(request) { _ in }
        let track = try PCMAudio(wavFile: result.audioPath)
        #expect(track.samples.count == 222_000)
        #expect(SpeechTestSupport.rms(track, from: 0.1, to: 1.5) > 800 && SpeechTestSupport.rms(track, from: 6.1, to: 7) > 800)
    }

    @Test("the first readable file wins; none readable, or none inside the video, is no_subtitles")
    func subtitleChoice() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let garbage = try TestSubtitles.write("<html>404</html>", to: URL(fileURLWithPath: folder + "/bad.vtt"))
        let empty = try TestSubtitles.write("WEBVTT\n\n00:01.000 --> 00:02.000\n[Music]\n", to: URL(fileURLWithPath: folder + "/music.vtt"))
        let good = try TestSubtitles.write(TestSubtitles.webVTT([(0.5, 1.5, "Hello.")]), to: URL(fileURLWithPath: folder + "/good.vtt"))
        let (cues, name) = try TTSDubbingProvider.firstReadableSubtitles([garbage.path, empty.path, good.path], language: "en")
        #expect(name == "good.vtt" && cues.map(\.text) == ["Hello."])

        let none = #expect(throws: SpoolError.self) {
            try TTSDubbingProvider.firstReadableSubtitles([garbage.path, empty.path], language: "de")
        }
        #expect(none?.code == .noSubtitles)
        #expect(none?.message.hasPrefix("no de subtitles: bad.vtt: unreadable subtitles") == true)
        #expect(none?.message.contains("music.vtt has no text") == true)

        let late = SpeechTestSupport.request(media: folder + "/x.mp4", duration: 0.4, language: "en", workDirectory: folder, subtitles: [good.path])
        let afterEnd = await #expect(throws: SpoolError.self) { try await TTSDubbingProvider().dub(late) { _ in } }
        #expect(afterEnd?.code == .noSubtitles && afterEnd?.message.contains("good.vtt starts after its end") == true)

        let request = SpeechTestSupport.request(media: folder + "/x.mp4", duration: 3, language: "fr", workDirectory: folder)
        let missing = await #expect(throws: SpoolError.self) { try await TTSDubbingProvider().dub(request) { _ in } }
        #expect(missing?.code == .noSubtitles && missing?.message == "no fr subtitles: the video has none and none were given")
    }

    @Test("a language espeak-ng lacks is unsupported_language; piper is not chosen when it is not installed")
    func languages() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let subtitles = try TestSubtitles.write(TestSubtitles.srt([(0.5, 1.5, "Kia ora")]), to: URL(fileURLWithPath: folder + "/x.srt"))
        let request = SpeechTestSupport.request(media: folder + "/x.mp4", duration: 3, language: "xx", workDirectory: folder, subtitles: [subtitles.path])
        let error = await #expect(throws: SpoolError.self) { try await TTSDubbingProvider().dub(request) { _ in } }
        #expect(error?.code == .unsupportedLanguage)

        let model = folder + "/en_US-test-medium.onnx"
        #expect(FileManager.default.createFile(atPath: model, contents: Data()))
        let provider = TTSDubbingProvider(configuration: .init(piper: "piper-not-installed", piperModels: ["en": model]))
        #expect(try await provider.synthesizer(for: "en") is EspeakSynthesizer)
        #expect(PiperSynthesizer.language(ofModel: model) == "en")
        #expect(PiperSynthesizer(executable: "/bin/true", models: ["en": model]).canSpeak("en"))
    }

    @Test("cancelling the task stops the engine")
    func cancellation() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let many: [(start: Double, end: Double, text: String)] = (0..<200).map { (Double($0) * 3, Double($0) * 3 + 2, "Phrase number \($0) is spoken here.") }
        let subtitles = try TestSubtitles.write(TestSubtitles.srt(many), to: URL(fileURLWithPath: folder + "/many.srt"))
        let request = SpeechTestSupport.request(media: folder + "/x.mp4", duration: 600, language: "en", workDirectory: folder, subtitles: [subtitles.path])
        let log = SpeechTestSupport.ProgressLog()
        let task = Task { try await TTSDubbingProvider().dub(request) { await log.append($0) } }
        while await log.reports.count < 3 { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(await log.reports.last?.percent ?? 100 < 50)
    }
}
