import ServiceLifecycle
import SpoolMedia

/// Starts the warm yt-dlp helper with the server and stops it (and any spare process) on shutdown.
struct YtDlpLifecycle: Service {
    let ytdlp: YtDlp

    func run() async throws {
        try? await ytdlp.prewarm()
        try? await gracefulShutdown()
        await ytdlp.shutdown()
    }
}
