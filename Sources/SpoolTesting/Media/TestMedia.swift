import Foundation
import Subprocess

/// Real media for tests, made with ffmpeg from its `testsrc` and `sine` sources.
///
/// Files are cached in ``cacheDirectory`` by their parameters, so every test (and every test run)
/// that asks for the same clip shares one file. Generation writes a temporary name and renames it,
/// so concurrent tests and processes never see a half-written file.
public enum TestMedia {
    /// Where generated media is kept (`$TMPDIR/spool-test-media`).
    public static var cacheDirectory: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("spool-test-media", isDirectory: true)
    }

    /// An H.264 + AAC MP4 (`+faststart`, one key frame per second) with a test pattern and a tone.
    ///
    /// - Parameters:
    ///   - seconds: Duration.
    ///   - width: Frame width in pixels.
    ///   - height: Frame height in pixels.
    ///   - toneFrequency: The audio tone in Hz (440 by default; a tone far above speech, such as
    ///     13 kHz, lets a test measure the original under a voice-over with a high-pass filter).
    ///   - destination: When given, the cached file is copied there and that URL is returned.
    /// - Returns: The file's URL.
    public static func generateVideo(seconds: Int = 5, width: Int = 640, height: Int = 360, toneFrequency: Int = 440, to destination: URL? = nil) async throws -> URL {
        let name = toneFrequency == 440 ? "testsrc-\(seconds)s-\(width)x\(height).mp4" : "testsrc-\(seconds)s-\(width)x\(height)-\(toneFrequency)hz.mp4"
        let cached = try await cache.file(named: name) { output in
            try await ffmpeg([
                "-f", "lavfi", "-i", "testsrc=size=\(width)x\(height):rate=30:duration=\(seconds)",
                "-f", "lavfi", "-i", "sine=frequency=\(toneFrequency):sample_rate=48000:duration=\(seconds)",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-g", "30", "-keyint_min", "30", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-shortest",
                "-movflags", "+faststart", "-f", "mp4", output.path,
            ])
        }
        guard let destination else { return cached }
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: cached, to: destination)
        return destination
    }

    /// A VOD HLS rendition of `video` (stream copy, ~1 s segments `seg_000.ts`…).
    ///
    /// - Parameters:
    ///   - video: An MP4 from ``generateVideo(seconds:width:height:to:)``.
    ///   - directory: The folder for `index.m3u8` and its segments; by default a cached folder next to the video.
    /// - Returns: The playlist's URL.
    public static func generateHLS(from video: URL, into directory: URL? = nil) async throws -> URL {
        let folderName = "hls-" + video.deletingPathExtension().lastPathComponent
        let target = directory ?? cacheDirectory.appendingPathComponent(folderName, isDirectory: true)
        let playlist = target.appendingPathComponent("index.m3u8")
        if FileManager.default.fileExists(atPath: playlist.path) { return playlist }
        let scratch = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try await ffmpeg([
            "-i", video.path, "-map", "0:v", "-map", "0:a", "-c", "copy",
            "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
            "-hls_segment_filename", scratch.appendingPathComponent("seg_%03d.ts").path,
            scratch.appendingPathComponent("index.m3u8").path,
        ])
        if directory != nil, FileManager.default.fileExists(atPath: target.path) {
            for file in try FileManager.default.contentsOfDirectory(atPath: scratch.path) {
                let destination = target.appendingPathComponent(file)
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.moveItem(at: scratch.appendingPathComponent(file), to: destination)
            }
        } else {
            do {
                try FileManager.default.moveItem(at: scratch, to: target)
            } catch where FileManager.default.fileExists(atPath: playlist.path) {
                // Another test made the same folder first; use theirs.
            }
        }
        return playlist
    }

    /// Runs `ffmpeg -hide_banner -nostdin -loglevel error -y arguments…`.
    static func ffmpeg(_ arguments: [String]) async throws {
        let result = try await Subprocess.run(
            .name("ffmpeg"),
            arguments: Arguments(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"] + arguments),
            output: .discarded,
            error: .string(limit: 64 * 1024)
        )
        guard result.terminationStatus.isSuccess else {
            throw TestMediaError("ffmpeg failed (\(result.terminationStatus)): \(result.standardError.suffix(2_000))")
        }
    }

    static let cache = Cache()

    /// Makes each cached file once per process, even when many tests ask at the same time.
    actor Cache {
        private var inFlight: [String: Task<URL, any Error>] = [:]

        func file(named name: String, make: @escaping @Sendable (URL) async throws -> Void) async throws -> URL {
            let directory = TestMedia.cacheDirectory
            let file = directory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: file.path) { return file }
            if let pending = inFlight[name] { return try await pending.value }
            let task = Task {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let scratch = directory.appendingPathComponent(".\(UUID().uuidString)-\(name)")
                defer { try? FileManager.default.removeItem(at: scratch) }
                try await make(scratch)
                do {
                    // A rename is atomic: other processes see no file or the whole file.
                    try FileManager.default.moveItem(at: scratch, to: file)
                } catch where FileManager.default.fileExists(atPath: file.path) {
                    // Another process made the same file first; use theirs.
                }
                return file
            }
            inFlight[name] = task
            defer { inFlight[name] = nil }
            return try await task.value
        }
    }
}

/// A failure making test media.
public struct TestMediaError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
