import Testing

/// End-to-end tests: the real `spool serve` binary, real yt-dlp and ffmpeg, media served on
/// 127.0.0.1. They run one at a time: each starts processes that need the machine's two cores.
@Suite("End to end", .serialized)
struct EndToEnd {}
