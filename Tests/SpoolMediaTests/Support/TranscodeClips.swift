import Foundation
import SpoolTesting
import Subprocess

/// Source clips for the transcode tests, made with ffmpeg's `testsrc2` and `sine` and cached in
/// `$TMPDIR/spool-test-media` (written under a temporary name and renamed, so concurrent tests and
/// runs share one whole file).
enum TranscodeClips {
    /// ffmpeg could not make a clip.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A dubbed download: 1920×1080 H.264 and two AAC tracks, English (not default) and a Russian
    /// voice-over (default, titled), in Matroska.
    static func dubbed1080p(seconds: Int = 3) async throws -> String {
        try await clip("dubbed-1080p-\(seconds)s.mkv", [
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=\(seconds)",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)",
            "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration=\(seconds)",
            "-map", "0", "-map", "1", "-map", "2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
            "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=rus", "-metadata:s:a:1", "title=Voice-over",
            "-disposition:a:0", "0", "-disposition:a:1", "default", "-f", "matroska",
        ])
    }

    /// A detailed 640×360 H.264 + AAC MP4 at a high bit rate (nearly lossless), for target sizes.
    static func detailed360p(seconds: Int) async throws -> String {
        try await clip("detailed-360p-\(seconds)s.mp4", [
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=\(seconds)",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "8", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", "-f", "mp4",
        ])
    }

    /// A 640×360 H.264 + AAC Matroska file with an English SubRip track.
    static func subtitled360p() async throws -> String {
        let subtitles = TestMedia.cacheDirectory.appendingPathComponent("transcode-subtitles.srt")
        try FileManager.default.createDirectory(at: TestMedia.cacheDirectory, withIntermediateDirectories: true)
        try Data("1\n00:00:00,000 --> 00:00:01,500\nHello\n\n2\n00:00:01,500 --> 00:00:03,000\nWorld\n".utf8)
            .write(to: subtitles, options: .atomic)
        return try await clip("subtitled-360p.mkv", [
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3",
            "-i", subtitles.path,
            "-map", "0", "-map", "1", "-map", "2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
            "-c:s", "srt", "-metadata:s:s:0", "language=eng", "-f", "matroska",
        ])
    }

    /// Makes `name` once with `ffmpeg arguments… <scratch>` and returns its path.
    private static func clip(_ name: String, _ arguments: [String]) async throws -> String {
        let directory = TestMedia.cacheDirectory
        let file = directory.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: file.path) { return file.path }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scratch = directory.appendingPathComponent(".\(UUID().uuidString)-\(name)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try await Subprocess.run(
            .name("ffmpeg"),
            arguments: Arguments(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"] + arguments + [scratch.path]),
            output: .discarded,
            error: .string(limit: 64 * 1024)
        )
        guard result.terminationStatus.isSuccess else {
            throw Failure(description: "ffmpeg could not make \(name): \(result.standardError.suffix(2_000))")
        }
        do {
            try FileManager.default.moveItem(at: scratch, to: file)
        } catch where FileManager.default.fileExists(atPath: file.path) {
            // Another test made it first.
        }
        return file.path
    }
}
