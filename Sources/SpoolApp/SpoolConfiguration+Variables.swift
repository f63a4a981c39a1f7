extension SpoolConfiguration {
    /// Every environment variable Spool reads: the server's settings, the dubbing engines', the
    /// distributed mode's and the command line client's.
    ///
    /// Deployment files may set only these (their tests check it), and a test compares the list
    /// with the `reader.…("NAME")` calls in the sources so that it cannot fall behind them.
    public static let environmentVariables: Set<String> = serverVariables
        .union(dubbingVariables)
        .union(distributedVariables)
        .union(clientVariables)
        .union(tracingVariables)
        .union(edgeVariables)

    /// The server, storage, queue, media tool and security settings (`fromEnvironment`).
    static let serverVariables: Set<String> = [
        "HOST", "PORT", "MAX_BODY_BYTES", "PUBLIC_DIR",
        "DB_PATH", "MEDIA_ROOT", "DOWNLOAD_TEMP_DIR", "MIN_FREE_SPACE", "OUTPUT_TEMPLATE",
        "LOG_LEVEL", "LOG_FORMAT",
        "DOWNLOAD_CONCURRENCY", "DUBBING_CONCURRENCY", "MUXING_CONCURRENCY", "PROCESSING_CONCURRENCY",
        "MAX_RETRIES", "RETRY_BASE_DELAY", "STALL_TIMEOUT", "STALL_RESTARTS",
        "YTDLP_PATH", "YTDLP_PYTHON", "YTDLP_START", "YTDLP_IDLE_STOP", "FORMAT_CHECK_TIMEOUT", "YTDLP_WARM", "YTDLP_EXTRA_ARGS", "DOWNLOAD_RATE_LIMIT",
        "DIRECT_DOWNLOAD", "DIRECT_CONNECTIONS",
        "STORAGE_TARGET", "UPLOAD_CONCURRENCY", "S3_TARGETS", "S3_ENDPOINT", "S3_REGION", "S3_BUCKET", "S3_PREFIX", "S3_PATH_STYLE",
        "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_SESSION_TOKEN", "S3_PUBLIC_ENDPOINT", "S3_KEEP_LOCAL", "S3_PART_SIZE",
        "S3_UPLOAD_PARALLELISM", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "FFMPEG_PATH", "FFPROBE_PATH", "DEFAULT_CONTAINER", "TARGET_LANG",
        "DUBBING_PROVIDER", "DUCKING_LEVEL", "NORMALIZATION_LUFS",
        "PROCESSING_NICE", "HW_PROBE_TIMEOUT", "QUALITY_SAMPLE_SECONDS",
        "SYNC_CONCURRENCY", "FAST_CHECK_INTERVAL", "SITE_LOOKUPS_PER_HOUR", "SITE_COOLDOWN", "SITE_DOWNLOAD_SLEEP",
        "SPOOL_ADMIN_PASSWORD", "SESSION_TTL", "BCRYPT_COST", "METRICS_PUBLIC", "TRANSMISSION_HOST_WHITELIST",
        "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURES_PER_USER",
        "MAINTENANCE_INTERVAL", "RETENTION_MAX_AGE_DAYS", "RETENTION_KEEP_NEWEST", "RETENTION_MAX_TOTAL_SIZE_MB", "TEMP_KEEP_FAILED",
        "AUDIT_RETENTION_DAYS",
        "WEBHOOK_TIMEOUT", "WEBHOOK_RETRY_DELAYS", "WEBHOOK_ALLOWED_HOSTS", "WEBHOOK_BLOCK_PRIVATE", "WEBHOOK_DELIVERY_RETENTION",
        "NOTIFICATION_CONCURRENCY", "DONE_SCRIPT", "FAILED_SCRIPT", "DONE_SCRIPT_TIMEOUT", "APPRISE_URLS", "APPRISE_EVENTS", "APPRISE_PATH",
    ]

    /// The HTTP edge (``EdgeSettings``): TLS, timeouts, connection limit, allow-lists, proxies.
    static let edgeVariables: Set<String> = [
        "TLS_CERT_FILE", "TLS_KEY_FILE", "HTTP_HEADER_TIMEOUT", "HTTP_IDLE_TIMEOUT", "HTTP_MAX_CONNECTIONS",
        "ALLOWED_HOSTS", "CORS_ALLOWED_ORIGINS", "TRUSTED_PROXIES",
    ]

    /// The dubbing engines' own settings (``DubbingSettings`` and the Yandex engine's).
    static let dubbingVariables: Set<String> = [
        "ESPEAK_PATH", "TTS_WORDS_PER_MINUTE", "TTS_MAX_TEMPO", "PIPER_PATH", "PIPER_MODELS",
        "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_TRANSCRIPTION_MODEL", "OPENAI_CHAT_MODEL",
        "OPENAI_SPEECH_MODEL", "OPENAI_VOICE", "OPENAI_TIMEOUT",
        "YANDEX_VOT_HOST", "YANDEX_VOT_PROXY", "YANDEX_VOT_TIMEOUT", "YANDEX_VOT_MAX_WAIT", "YANDEX_OAUTH_TOKEN",
    ]

    /// The distributed mode: `spool gateway`, `spool worker` and `spool serve` on Redis and PostgreSQL.
    static let distributedVariables: Set<String> = [
        "REDIS_URL", "REDIS_TLS_CA_FILE", "DATABASE_URL", "REDIS_KEY_PREFIX", "HEALTH_PORT", "SHUTDOWN_TIMEOUT", "WORKER_ID", "LEASE_DURATION",
    ]

    /// The command line client (`spool add`, `ls`, `watch`, …).
    static let clientVariables: Set<String> = ["SPOOL_SERVER", "SPOOL_TOKEN", "SPOOL_CA_FILE"]

    /// OpenTelemetry tracing (``TracingSettings``): the standard OTLP exporter variables.
    static let tracingVariables: Set<String> = [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_HEADERS",
    ]
}
