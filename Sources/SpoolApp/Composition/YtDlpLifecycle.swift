import ServiceLifecycle
import SpoolMedia

/// Starts the warm yt-dlp (the fork server, or the spare helper) with the server and stops it on
/// shutdown, after the stage workers have drained.
struct YtDlpLifecycle: Service {
    let ytdlp: YtDlp

    func run() async throws {
        try? await ytdlp.prewarm()
        try? await gracefulShutdown()
        await ytdlp.shutdown()
    }
}
