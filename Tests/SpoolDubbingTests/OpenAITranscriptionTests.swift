import Foundation
import SpoolCore
@testable import SpoolDubbing
import SpoolTesting
import Testing

@Suite("openai transcription uploads")
struct OpenAITranscriptionTests {
    /// 12 s of a 16 kHz tone with a silent gap at 4.0–4.4 s.
    static func toneWithGap(_ folder: String) throws -> (path: String, audio: PCMAudio) {
        let samples = (0..<(12 * 16_000)).map { index -> Int16 in
            let time = Double(index) / 16_000
            return (4.0..<4.4).contains(time) ? 0 : Int16(8_000 * sin(2 * .pi * 220 * time))
        }
        let audio = PCMAudio(sampleRate: 16_000, samples: samples)
        let path = folder + "/tone.wav"
        try audio.wavData().write(to: URL(fileURLWithPath: path))
        return (path, audio)
    }

    @Test("long audio is cut into pieces at quiet points; the pieces add up to the original exactly")
    func pieces() throws {
        let folder = try SpeechTestSupport.makeWorkDirectory()
        let (path, original) = try Self.toneWithGap(folder)
        let pieces = try AudioChunker.split(wavPath: path, maxSeconds: 5, into: folder + "/pieces")
        #expect(pieces.count == 3)
        let audio = try pieces.map { try PCMAudio(wavFile: $0.path) }
        #expect(audio.allSatisfy { $0.sampleRate == 16_000 && $0.duration <= 5 })
        #expect(audio.flatMap(\.samples) == original.samples)
        #expect((4.0...4.4).contains(pieces[1].offset), "the first cut falls in the silent gap")
        for index in 1..<pieces.count {
            #expect(abs(pieces[index].offset - (pieces[index - 1].offset + audio[index - 1].duration)) < 1e-9)
        }
        #expect(try AudioChunker.split(wavPath: path, maxSeconds: 20, into: folder + "/whole") == [.init(path: path, offset: 0)])
        let notWAV = folder + "/text.wav"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notWAV))
        #expect(throws: SpoolError.self) { try AudioChunker.split(wavPath: notWAV, maxSeconds: 5, into: folder) }
    }

    @Test("the engine uploads long audio in pieces and shifts each piece's segments by its offset")
    func piecewiseTranscription() async throws {
        let server = try await MockOpenAIServer.start(.init(segments: [(0.5, 1.5, "Piece speech.")]))
        do {
            let folder = try SpeechTestSupport.makeWorkDirectory()
            let (path, _) = try Self.toneWithGap(folder)
            let configuration = OpenAIConfiguration(baseURL: server.baseURL, apiKey: "sk-test", maxUploadSeconds: 5)
            let transcriber = OpenAITranscriber(client: OpenAIClient(configuration: configuration, httpClient: .shared))
            let transcript = try await transcriber.transcribe(audioPath: path, language: nil, scratchDirectory: folder + "/up")
            let uploads = server.requests(to: "/audio/transcriptions")
            #expect(uploads.count == 3)
            #expect(uploads.allSatisfy { ($0.formFiles["file"]?.byteCount ?? .max) <= 44 + 5 * 32_000 })
            let pieces = try AudioChunker.split(wavPath: path, maxSeconds: 5, into: folder + "/check")
            #expect(transcript.segments.map(\.start) == pieces.map { $0.offset + 0.5 })
            #expect(transcript.language == "english" && transcript.segments.allSatisfy { $0.text == "Piece speech." })
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/up").isEmpty, "pieces are removed")
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }
}
