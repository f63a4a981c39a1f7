import Foundation
import SpoolCore
@testable import SpoolDubbing
import Testing

@Suite("speech fitting and assembly (real espeak-ng and ffmpeg)")
struct SpeechFittingTests {
    static let long = "This sentence is far too long to be spoken in one second, even at one and a half times the normal speed."

    @Test("a long phrase in a short slot is sped up to the limit, then cut with a fade; a short one is untouched")
    func fitsIntoSlot() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let configuration = SpeechTrackRenderer.Configuration(maxTempo: 1.5)
        let fitter = CueFitter(configuration: configuration)
        let espeak = EspeakSynthesizer()

        try await espeak.synthesize(Self.long, language: "en", to: folder + "/long.wav")
        let natural = try await fitter.normalized(folder + "/long.wav", tempo: 1).trimmingSilence()
        let slot = 24_000  // one second
        let fitted = try await fitter.fit(speechFile: folder + "/long.wav", slotSamples: slot)
        #expect(natural.duration > 3)
        #expect(fitted.tempo == 1.5 && fitted.wasCut)
        #expect(fitted.audio.sampleRate == 24_000 && fitted.audio.samples.count == slot)
        #expect(fitted.audio.samples.suffix(5).allSatisfy { abs(Int($0)) < 200 }, "the cut fades out to silence")

        try await espeak.synthesize("Hi.", language: "en", to: folder + "/short.wav")
        let short = try await fitter.fit(speechFile: folder + "/short.wav", slotSamples: slot)
        #expect(short.tempo == 1 && !short.wasCut && short.audio.samples.count < slot)
        #expect(short.audio.samples.contains { abs(Int($0)) > 2_000 })
    }

    @Test("a phrase that needs less than the limit gets just the tempo it needs")
    func partialSpeedUp() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let fitter = CueFitter(configuration: SpeechTrackRenderer.Configuration(maxTempo: 2))
        try await EspeakSynthesizer().synthesize("A phrase of moderate length for this test.", language: "en", to: folder + "/p.wav")
        let natural = try await fitter.normalized(folder + "/p.wav", tempo: 1).trimmingSilence()
        let slot = Int(Double(natural.samples.count) / 1.25)
        let fitted = try await fitter.fit(speechFile: folder + "/p.wav", slotSamples: slot)
        #expect(abs(fitted.tempo - 1.25 * CueFitter.headroom) < 0.01 && !fitted.wasCut)
        #expect(fitted.audio.samples.count <= slot)
        #expect(Double(fitted.audio.samples.count) > Double(slot) * 0.9, "atempo keeps the length it was asked for")
    }

    @Test("assembly: exact length, phrases at their starts, a long phrase never reaches into the next one's slot")
    func assemblesWithoutOverlap() async throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let renderer = SpeechTrackRenderer(synthesizer: EspeakSynthesizer())
        let second = SubtitleCue(start: 3, end: 4, text: "Second phrase.")
        let cues = [SubtitleCue(start: 1, end: 2, text: Self.long), second]
        let report = try await renderer.render(cues, language: "en", duration: 6.5, outputPath: folder + "/both.wav", scratchDirectory: folder + "/scratch")
        let alone = try await renderer.render([second], language: "en", duration: 6.5, outputPath: folder + "/alone.wav", scratchDirectory: folder + "/scratch")
        #expect(report.spoken == 2 && report.spedUp == 1 && report.cut == 1 && alone.spoken == 1)

        let both = try PCMAudio(wavFile: folder + "/both.wav")
        let reference = try PCMAudio(wavFile: folder + "/alone.wav")
        #expect(both.samples.count == 6 * 24_000 + 12_000)
        #expect(SpeechTestSupport.peak(both, from: 0, to: 0.99) == 0, "silence before the first phrase")
        #expect(SpeechTestSupport.rms(both, from: 1, to: 3) > 1_000, "the long phrase fills its slot")
        #expect(SpeechTestSupport.peak(both, from: 2.9998, to: 3) < 200, "faded out before the next start")
        #expect(Array(both.samples[72_000...]) == Array(reference.samples[72_000...]), "the second slot holds only the second phrase")
        #expect(SpeechTestSupport.rms(both, from: 3, to: 3.8) > 1_000)
        #expect(SpeechTestSupport.peak(both, from: 5, to: 6.5) == 0, "silence after the last phrase")
        #expect(try await SpeechTestSupport.probedDuration(folder + "/both.wav") == 6.5)
    }

    @Test("slots run to the next start or the end; phrases without room are left out")
    func slots() {
        let cues = [
            SubtitleCue(start: 2, end: 3, text: "b"), SubtitleCue(start: 0.5, end: 1, text: "a"),
            SubtitleCue(start: 9.95, end: 11, text: "too late"), SubtitleCue(start: 12, end: 13, text: "after the end"),
        ]
        let slots = SpeechTrackRenderer.slots(for: cues, duration: 10, sampleRate: 1000)
        #expect(slots.map(\.cue.text) == ["a", "b"])
        #expect(slots.map(\.offset) == [500, 2000] && slots.map(\.samples) == [1500, 7950])
    }

    @Test("the track writer pads with silence, drops what overlaps or runs past the end")
    func writer() throws {
        let path = try SpeechTestSupport.makeWorkDirectory() + "/track.wav"
        var writer = try VoiceTrackWriter(path: path, sampleRate: 10, sampleCount: 12)
        try writer.place(PCMAudio(sampleRate: 10, samples: [1, 2, 3]), at: 2)
        try writer.place(PCMAudio(sampleRate: 10, samples: [4, 5, 6]), at: 4)
        try writer.place(PCMAudio(sampleRate: 10, samples: [7, 8, 9, 10]), at: 10)
        try writer.finish()
        #expect(try PCMAudio(wavFile: path).samples == [0, 0, 1, 2, 3, 5, 6, 0, 0, 0, 7, 8])
    }

    @Test("espeak-ng gets the text on stdin, so a phrase starting with a dash is spoken, not parsed")
    func dashText() async throws {
        let espeak = EspeakSynthesizer(wordsPerMinute: 190)
        #expect(espeak.arguments(language: "ru", outputPath: "/tmp/x.wav") == ["-v", "ru", "-s", "190", "-w", "/tmp/x.wav", "--stdin"])
        let path = try SpeechTestSupport.makeWorkDirectory() + "/dash.wav"
        try await espeak.synthesize("--version -w /tmp/nothing.wav", language: "en", to: path)
        #expect(try PCMAudio(wavFile: path).duration > 1)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/nothing.wav"))
    }

    @Test("espeak-ng's voice list gives plain and regional codes; a missing program is tool_missing")
    func voicesAndMissingTool() async throws {
        let languages = try await EspeakSynthesizer().languages()
        #expect(languages.isSuperset(of: ["en", "ru", "de", "zh", "pt-br"]))
        let missing = await #expect(throws: SpoolError.self) {
            try await EspeakSynthesizer(executable: "espeak-ng-not-installed").synthesize("x", language: "en", to: "/tmp/none.wav")
        }
        #expect(missing?.code == .toolMissing)
    }
}
