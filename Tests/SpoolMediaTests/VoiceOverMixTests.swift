import Foundation
import SpoolMedia
import SpoolTesting
import Testing

/// The mux stage's ffmpeg work on real files: what the result contains, checked with ffprobe/ffmpeg.
@Suite("Voice-over mix and mux")
struct VoiceOverMixTests {
    /// A 12 s video whose original audio is a 13 kHz tone (far above speech, so a high-pass filter
    /// measures the original alone), and a voice speaking from 3 s to about 8 s.
    static func fixture(container: String) async throws -> (folder: URL, mix: VoiceOverMix) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-mux-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = try await TestMedia.generateVideo(seconds: 12, toneFrequency: 13_000, to: folder.appendingPathComponent("source.mp4"))
        let voice = try await TestMedia.generateSpeech(
            "This is the voice over. It keeps talking for a few seconds so the original has to step back.",
            start: 3, seconds: 12, to: folder.appendingPathComponent("voice.wav")
        )
        let mix = VoiceOverMix(
            source: source.path, voice: voice.path, output: folder.appendingPathComponent("out.\(container)").path,
            duration: 12, voiceLanguage: "ru", originalLanguage: "en",
            settings: .init(duckingLevel: 0.3, loudnessTarget: -18)
        )
        return (folder, mix)
    }

    @Test("MKV: video copied, original a:0, ducked and normalised voice-over a:1 as default", arguments: ["mkv", "mp4"])
    func muxedFile(container: String) async throws {
        let (folder, mix) = try await Self.fixture(container: container)
        defer { try? FileManager.default.removeItem(at: folder) }
        let percents = PercentLog()
        let measured = try await FFmpeg().mux(mix) { await percents.add($0) }
        #expect(measured != nil)

        let streams = try await MediaInspector.streams(of: mix.output)
        #expect(streams.map(\.codecType) == ["video", "audio", "audio"])
        #expect(streams[1].language == "eng")
        #expect(streams[1].isDefault == false)
        #expect(streams[2].language == "rus")
        #expect(streams[2].title == "Russian voice-over")
        #expect(streams[2].isDefault)
        #expect(streams[2].codecName == "aac")

        // The video is the source's, packet for packet.
        let sourceHashes = try await MediaInspector.videoFrameHashes(of: mix.source)
        #expect(!sourceHashes.isEmpty)
        #expect(try await MediaInspector.videoFrameHashes(of: mix.output) == sourceHashes)

        // The voice-over is at the loudness target.
        let loudness = try await MediaInspector.integratedLoudness(of: mix.output, stream: "a:1")
        #expect(abs(loudness - -18) <= 1, "integrated loudness \(loudness) LUFS")

        // Every track lasts as long as the video (within 40 ms).
        let video = try await MediaInspector.streamEnd(of: mix.output, stream: "v:0")
        for audio in ["a:0", "a:1"] {
            let end = try await MediaInspector.streamEnd(of: mix.output, stream: audio)
            #expect(abs(end - video) <= 0.040, "\(audio) ends at \(end) s, the video at \(video) s")
        }

        // Ducking: the original's tone is quieter while the voice speaks than after it.
        let underVoice = try await MediaInspector.rmsLevel(of: mix.output, stream: "a:1", from: 4, to: 6.5, filter: "highpass=f=11000,highpass=f=11000")
        let alone = try await MediaInspector.rmsLevel(of: mix.output, stream: "a:1", from: 10, to: 11.5, filter: "highpass=f=11000,highpass=f=11000")
        #expect(alone - underVoice >= 6, "the original drops \(alone - underVoice) dB under the voice")

        let seen = await percents.values
        #expect(seen.last == 100)
        #expect(seen == seen.sorted())
    }

    @Test("a silent voice track still gives a valid file (no loudness measurement to apply)")
    func silentVoice() async throws {
        let (folder, mix) = try await Self.fixture(container: "mkv")
        defer { try? FileManager.default.removeItem(at: folder) }
        var silent = mix
        silent.voice = folder.appendingPathComponent("silence.wav").path
        try await TestMedia.generateSpeech(" ", start: 0, seconds: 12, to: URL(fileURLWithPath: silent.voice))
        try await FFmpeg().mux(silent)
        #expect(try await MediaInspector.streams(of: silent.output).map(\.codecType) == ["video", "audio", "audio"])
    }

    @Test("extraction writes seed 000's mono 16 kHz PCM WAV")
    func extraction() async throws {
        let (folder, mix) = try await Self.fixture(container: "mkv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("original.wav").path
        try await FFmpeg().extractAudio(from: mix.source, to: output, duration: 12)
        let streams = try await MediaInspector.streams(of: output)
        #expect(streams.map(\.codecName) == ["pcm_s16le"])
        let end = try await MediaInspector.streamEnd(of: output, stream: "a:0")
        #expect(abs(end - 12) < 0.05)
    }

    @Test("a missing input is a tool failure with ffmpeg's message")
    func missingInput() async throws {
        let mix = VoiceOverMix(source: "/nonexistent/in.mp4", voice: "/nonexistent/v.wav", output: "/tmp/never.mkv", duration: 1, voiceLanguage: "ru")
        let error = await #expect(throws: MediaError.self) { try await FFmpeg().mux(mix) }
        #expect(error?.code == .toolFailed)
        #expect(error?.message.contains("No such file") == true)
    }
}

/// Collects progress values from concurrent callbacks.
actor PercentLog {
    private(set) var values: [Double] = []

    func add(_ value: Double) { values.append(value) }
}
