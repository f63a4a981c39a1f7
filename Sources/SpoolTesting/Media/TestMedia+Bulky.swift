import Foundation

extension TestMedia {
    /// A large H.264 MP4 of constant bitrate (x264 pads it with filler data), for downloads that
    /// must be big enough to use several connections: about `megabytes` MiB, 640×360, with a tone.
    ///
    /// Cached like ``generateVideo(seconds:width:height:toneFrequency:to:)``.
    public static func generateBulkyVideo(megabytes: Int, seconds: Int = 8) async throws -> URL {
        let bitsPerSecond = megabytes * 8 * 1_048_576 / seconds
        let name = "bulky-\(megabytes)MiB-\(seconds)s.mp4"
        return try await cache.file(named: name) { output in
            try await ffmpeg([
                "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=\(seconds)",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-b:v", "\(bitsPerSecond)", "-minrate", "\(bitsPerSecond)", "-maxrate", "\(bitsPerSecond)", "-bufsize", "\(bitsPerSecond / 2)",
                "-x264-params", "nal-hrd=cbr:force-cfr=1",
                "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart", "-f", "mp4", output.path,
            ])
        }
    }
}
