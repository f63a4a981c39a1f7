import Foundation
@testable import SpoolMedia
import SpoolTesting
import Testing

@Suite("ffprobe runner")
struct FFprobeTests {
    @Test("a generated clip: MP4 with H.264 and AAC, even under a name with a dash and a colon")
    func probesGeneratedClip() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let video = try await TestMedia.generateVideo(seconds: 5, to: URL(fileURLWithPath: folder + "/-odd:name.mp4"))
        let probe = try await FFprobe().probe(video.path)
        #expect(probe.formatName?.contains("mp4") == true)
        #expect(probe.videoStreams.first?.codecName == "h264" && probe.videoStreams.first?.width == 640)
        #expect(probe.audioStreams.first?.codecName == "aac")
        let size = try MediaTestSupport.fileSize(video.path)
        #expect(abs((probe.duration ?? 0) - 5) < 0.2 && probe.size == size)
    }

    @Test("the path goes after -- with a file: prefix")
    func arguments() {
        let arguments = FFprobe.arguments(for: "-i")
        #expect(arguments.suffix(2) == ["--", "file:-i"])
    }

    @Test("a missing file is tool_failed with ffprobe's message; a missing ffprobe is tool_missing")
    func failures() async throws {
        let missing = await #expect(throws: MediaError.self) { try await FFprobe().probe("/nonexistent/clip.mkv") }
        #expect(missing?.code == .toolFailed && missing?.message.contains("No such file") == true)
        let notMedia = try MediaTestSupport.makeWorkDirectory() + "/text.mp4"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notMedia))
        let invalid = await #expect(throws: MediaError.self) { try await FFprobe().probe(notMedia) }
        #expect(invalid?.message.contains("Invalid data") == true)
        let noTool = await #expect(throws: MediaError.self) { try await FFprobe(executable: "ffprobe-not-installed").probe(notMedia) }
        #expect(noTool?.code == .toolMissing)
    }
}
