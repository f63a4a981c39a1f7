import Foundation
@testable import SpoolMedia
import SpoolTesting
import Testing

/// Short files in the containers and codec mixes Spool downloads, made with ffmpeg and cached in
/// ``TestMedia/cacheDirectory`` like ``TestMedia``'s clips.
enum HeaderSample: String, CaseIterable, CustomTestStringConvertible {
    case mp4MoovAtEnd = "h264-aac-moov-at-end.mp4"
    case mp4Faststart = "h264-aac-faststart.mp4"
    case mkv = "h264-aac.mkv"
    case webm = "vp9-opus.webm"
    case mkvTwoLanguages = "h264-aac-eng-rus.mkv"
    case mp4MP3 = "h264-mp3.mp4"
    case m4aAudioOnly = "aac.m4a"
    case mp4Subtitles = "h264-aac-movtext-fra.mp4"
    case mkvSubtitles = "h264-aac-srt-ass.mkv"
    case mp4Chapters = "h264-aac-chapters.mp4"

    var testDescription: String { rawValue }

    /// The sample's file, made on first use.
    var url: URL {
        get async throws {
            let file = TestMedia.cacheDirectory.appendingPathComponent("headers-" + rawValue)
            if FileManager.default.fileExists(atPath: file.path) { return file }
            try FileManager.default.createDirectory(at: TestMedia.cacheDirectory, withIntermediateDirectories: true)
            let scratch = TestMedia.cacheDirectory.appendingPathComponent(".\(UUID().uuidString)-\(rawValue)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            try await Self.ffmpeg(arguments(output: scratch.path))
            try? FileManager.default.moveItem(at: scratch, to: file)
            return file
        }
    }

    private static let video = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=2"]
    private static func tone(_ frequency: Int) -> [String] {
        ["-f", "lavfi", "-i", "sine=frequency=\(frequency):sample_rate=48000:duration=2"]
    }
    private static let h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]

    private func arguments(output: String) throws -> [String] {
        let aac = ["-c:a", "aac", "-b:a", "64k"]
        switch self {
        case .mp4MoovAtEnd:
            return Self.video + Self.tone(440) + Self.h264 + aac + ["-shortest", "-f", "mp4", output]
        case .mp4Faststart:
            return Self.video + Self.tone(440) + Self.h264 + aac + ["-shortest", "-movflags", "+faststart", "-f", "mp4", output]
        case .mkv:
            return Self.video + Self.tone(440) + Self.h264 + aac + ["-shortest", "-f", "matroska", output]
        case .webm:
            return Self.video + Self.tone(440) + [
                "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k",
                "-c:a", "libopus", "-shortest", "-f", "webm", output,
            ]
        case .mkvTwoLanguages:
            return Self.video + Self.tone(440) + Self.tone(880) + ["-map", "0", "-map", "1", "-map", "2"] + Self.h264 + aac
                + ["-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=rus", "-shortest", "-f", "matroska", output]
        case .mp4MP3:
            return Self.video + Self.tone(440) + Self.h264 + ["-c:a", "libmp3lame", "-shortest", "-f", "mp4", output]
        case .m4aAudioOnly:
            return Self.tone(440) + aac + ["-f", "ipod", output]
        case .mp4Subtitles:
            return Self.video + Self.tone(440) + ["-i", try Self.subtitleFile()] + ["-map", "0", "-map", "1", "-map", "2"]
                + Self.h264 + aac + ["-c:s", "mov_text", "-metadata:s:s:0", "language=fra", "-shortest", "-f", "mp4", output]
        case .mkvSubtitles:
            return Self.video + Self.tone(440) + ["-i", try Self.subtitleFile(), "-i", try Self.subtitleFile()]
                + ["-map", "0", "-map", "1", "-map", "2", "-map", "3"] + Self.h264 + aac
                + ["-c:s:0", "srt", "-c:s:1", "ass", "-metadata:s:s:1", "language=ger", "-shortest", "-f", "matroska", output]
        case .mp4Chapters:
            return Self.video + Self.tone(440) + ["-i", try Self.chapterFile(), "-map", "0", "-map", "1", "-map_chapters", "2"]
                + Self.h264 + aac + ["-shortest", "-f", "mp4", output]
        }
    }

    private static func subtitleFile() throws -> String {
        try textFile("headers-cues.srt", "1\n00:00:00,000 --> 00:00:01,000\nHello\n\n2\n00:00:01,000 --> 00:00:02,000\nAgain\n")
    }

    private static func chapterFile() throws -> String {
        try textFile("headers-chapters.txt", """
        ;FFMETADATA1
        [CHAPTER]
        TIMEBASE=1/1000
        START=0
        END=1000
        title=One
        [CHAPTER]
        TIMEBASE=1/1000
        START=1000
        END=2000
        title=Two

        """)
    }

    private static func textFile(_ name: String, _ text: String) throws -> String {
        let url = TestMedia.cacheDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: TestMedia.cacheDirectory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
        return url.path
    }

    /// Runs ffmpeg quietly; throws its stderr on failure.
    static func ffmpeg(_ arguments: [String]) async throws {
        let output = try await ToolRunner.run(
            tool: "ffmpeg", program: "ffmpeg", arguments: ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"] + arguments
        )
        guard output.status.isSuccess else { throw TestMediaFailure(output.standardError) }
    }
}

/// ffmpeg could not make a sample.
struct TestMediaFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
