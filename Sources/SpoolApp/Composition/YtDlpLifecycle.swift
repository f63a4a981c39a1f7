import ServiceLifecycle
import SpoolMedia

/// Starts the warm yt-dlp with the server when its configuration says so
/// (``YtDlp/Configuration/startsWithServer``; else first use starts it) and stops it on shutdown,
/// after the stage workers have drained.
struct YtDlpLifecycle: Service {
    let ytdlp: YtDlp

    func run() async throws {
        if await ytdlp.configuration.startsWithServer {
            try? await ytdlp.prewarm()
        }
        try? await gracefulShutdown()
        await ytdlp.shutdown()
    }
}
