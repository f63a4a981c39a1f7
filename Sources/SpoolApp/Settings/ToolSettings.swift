import SpoolMedia

/// The media tools: yt-dlp (and its warm start), ffmpeg, ffprobe.
public struct ToolSettings: Sendable {
    /// yt-dlp executable (YTDLP_PATH, default yt-dlp on PATH).
    public var ytdlpPath: String = "yt-dlp"
    /// Python with yt_dlp importable, for the warm helper (YTDLP_PYTHON; default from yt-dlp's shebang).
    public var ytdlpPython: String?
    /// How downloads start (YTDLP_START: fork, spare or cold; default fork). `YTDLP_WARM=false`, the
    /// older switch, means cold.
    public var ytdlpStart: YtDlp.StartMode = .fork
    /// Stop the yt-dlp fork server after this long unused (YTDLP_IDLE_STOP, default 10m; 0 = never).
    /// It starts again on the next download, login or web UI connection.
    public var ytdlpIdleStop: Duration? = .seconds(600)
    /// How long checking a custom format expression at submission may take before the job is
    /// accepted unchecked (FORMAT_CHECK_TIMEOUT, default 6s).
    public var formatCheckTimeout: Duration = .seconds(6)
    /// Extra yt-dlp arguments, space separated (YTDLP_EXTRA_ARGS).
    public var ytdlpExtraArguments: [String] = []
    /// ffmpeg executable (FFMPEG_PATH).
    public var ffmpegPath: String = "ffmpeg"
    /// ffprobe executable (FFPROBE_PATH).
    public var ffprobePath: String = "ffprobe"

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        ytdlpPath = reader.string("YTDLP_PATH") ?? ytdlpPath
        ytdlpPython = reader.string("YTDLP_PYTHON")
        if try reader.bool("YTDLP_WARM") == false { ytdlpStart = .cold }
        ytdlpStart = try reader.choice("YTDLP_START") ?? ytdlpStart
        if let idle = try reader.duration("YTDLP_IDLE_STOP") { ytdlpIdleStop = idle == .zero ? nil : idle }
        formatCheckTimeout = try reader.duration("FORMAT_CHECK_TIMEOUT") ?? formatCheckTimeout
        ytdlpExtraArguments = reader.string("YTDLP_EXTRA_ARGS").map { $0.split(separator: " ").map(String.init) } ?? []
        ffmpegPath = reader.string("FFMPEG_PATH") ?? ffmpegPath
        ffprobePath = reader.string("FFPROBE_PATH") ?? ffprobePath
    }
}
