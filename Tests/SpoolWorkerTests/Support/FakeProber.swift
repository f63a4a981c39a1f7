import SpoolCore

/// A ``MediaProber`` that knows the fake files: a downloaded video has one video and one audio
/// stream; a file in a `mux` folder has the second (voice-over) audio track.
struct FakeProber: MediaProber {
    func probe(_ path: String) async throws -> MediaProbe {
        let audioTracks = path.contains("/mux/") ? 2 : 1
        return MediaProbe(
            formatName: "matroska,webm", duration: 10, size: 5,
            streams: [MediaProbe.Stream(kind: .video, codecName: "h264", width: 640, height: 360, duration: 10)]
                + Array(repeating: MediaProbe.Stream(kind: .audio, codecName: "opus"), count: audioTracks)
        )
    }
}
