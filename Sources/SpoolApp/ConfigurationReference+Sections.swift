extension ConfigurationReference {
    /// Every setting, in the order of `.env.example`.
    public static let sections: [Section] = [
        Section("Server", [
            Group([
                "TCP port of the REST API, WebSocket/SSE events and web UI.",
            ], [
                Setting("PORT", "3000"),
            ]),
            Group([
                "Address to bind; 127.0.0.1 keeps the server local to this machine.",
            ], [
                Setting("HOST", "0.0.0.0"),
            ]),
            Group([
                "Largest accepted request body in bytes (1024 … 64 MiB); larger requests get 413.",
            ], [
                Setting("MAX_BODY_BYTES", "65536"),
            ]),
            Group([
                "Folder with the web UI's static files (default: ./Public when it exists).",
            ], [
                Example("PUBLIC_DIR", "./Public"),
            ]),
        ]),
        Section("Storage", [
            Group([
                "SQLite database file (embedded mode): jobs, media, events, users, tokens and the queue.",
            ], [
                Setting("DB_PATH", "./data/spool.sqlite"),
            ]),
            Group([
                "Root of everything downloaded; finished files land in MEDIA_ROOT/library/.",
            ], [
                Setting("MEDIA_ROOT", "./data/media"),
            ]),
            Group([
                "Per-job work folders (MEDIA_ROOT/tmp/<jobId>/ by default); cleaned when a job succeeds.",
            ], [
                Example("DOWNLOAD_TEMP_DIR", "./data/media/tmp"),
            ]),
            Group([
                "New jobs are refused (HTTP 507) while free space under MEDIA_ROOT is below this.",
            ], [
                Setting("MIN_FREE_SPACE", "1GiB"),
            ]),
            Group([
                "Default yt-dlp output template, relative to MEDIA_ROOT/library (it cannot escape it).",
            ], [
                Example("OUTPUT_TEMPLATE", "%(uploader,extractor)s/%(title).180B [%(id)s].%(ext)s"),
            ]),
        ]),
        Section("Retention and cleanup", [
            Group([
                "How often the maintenance tasks run on the generic queue (q:generic): the retention, then the",
                "sweep of leftover work folders. The first run comes shortly after start; 0 turns the schedule off.",
            ], [
                Setting("MAINTENANCE_INTERVAL", "1h"),
            ]),
            Group([
                "Retention of one-off jobs (finished jobs no followed source owns); unset means no limit. The",
                "newest (by when they finished) are kept; jobs tagged `keep` are never deleted and do not count.",
                "Delete one-off jobs (with their files) that finished more than this many days ago.",
            ], [
                Example("RETENTION_MAX_AGE_DAYS", "30"),
            ]),
            Group([
                "Keep only this many one-off jobs.",
            ], [
                Example("RETENTION_KEEP_NEWEST", "100"),
            ]),
            Group([
                "Keep the newest one-off jobs while their files take at most this many MB (1 MB = 1,000,000 bytes).",
            ], [
                Example("RETENTION_MAX_TOTAL_SIZE_MB", "50000"),
            ]),
            Group([
                "How long a failed job keeps its work folder (for `spool resume`) before the sweep removes it.",
            ], [
                Setting("TEMP_KEEP_FAILED", "3d"),
            ]),
            Group([
                "How many days the audit log (logins, tokens, job control, user changes; GET /api/audit) is kept.",
            ], [
                Setting("AUDIT_RETENTION_DAYS", "90"),
            ]),
        ]),
        Section("Notifications", [
            Group([
                "Webhooks are added with `spool webhooks add`, POST /api/webhooks or the web UI's Notifications",
                "page; deliveries are signed per Standard Webhooks and queued on q:generic (they survive restarts).",
                "How long one delivery attempt may take.",
            ], [
                Setting("WEBHOOK_TIMEOUT", "15s"),
            ]),
            Group([
                "Waits between attempts; after the last one the delivery is given up (Standard Webhooks' table).",
            ], [
                Setting("WEBHOOK_RETRY_DELAYS", "5s,5m,30m,2h,5h,10h,14h,20h,24h"),
            ]),
            Group([
                "Targets allowed whatever their address (link-local and cloud-metadata addresses are refused",
                "otherwise), comma-separated host names or addresses.",
            ], [
                Example("WEBHOOK_ALLOWED_HOSTS", "169.254.10.10"),
            ]),
            Group([
                "Also refuse loopback and private networks (127/8, 10/8, 172.16/12, 192.168/16, fc00::/7).",
            ], [
                Setting("WEBHOOK_BLOCK_PRIVATE", "false"),
            ]),
            Group([
                "How long delivered and failed deliveries stay in the delivery log.",
            ], [
                Setting("WEBHOOK_DELIVERY_RETENTION", "30d"),
            ]),
            Group([
                "Deliveries (and maintenance tasks) one worker runs at once on q:generic.",
            ], [
                Setting("NOTIFICATION_CONCURRENCY", "4"),
            ]),
            Group([
                "A program run (no shell, no arguments) when a job completes, with Transmission's TR_* variables",
                "and SPOOL_JOB_ID, SPOOL_FILE, SPOOL_STATUS, SPOOL_URL, SPOOL_SOURCE; its failure never fails the job.",
            ], [
                Example("DONE_SCRIPT", "/config/scripts/on-done.sh"),
            ]),
            Group([
                "The same when a job fails (SPOOL_STATUS=FAILED).",
            ], [
                Example("FAILED_SCRIPT", "/config/scripts/on-failed.sh"),
            ]),
            Group([
                "Scripts (and apprise) are killed after this long.",
            ], [
                Setting("DONE_SCRIPT_TIMEOUT", "60s"),
            ]),
            Group([
                "Apprise URLs (space- or comma-separated) for chat and push services, sent with the `apprise` command.",
            ], [
                Example("APPRISE_URLS", "tgram://bottoken/ChatID discord://webhook_id/webhook_token"),
            ]),
            Group([
                "The events sent to Apprise: names, or all.",
            ], [
                Setting("APPRISE_EVENTS", "job.completed,job.failed,source.new_media"),
            ]),
            Group([
                "The apprise command (pip install apprise).",
            ], [
                Setting("APPRISE_PATH", "apprise"),
            ]),
        ]),
        Section("Logging", [
            Group([
                "trace, debug, info, notice, warning, error or critical.",
            ], [
                Setting("LOG_LEVEL", "info"),
            ]),
            Group([
                "text (human readable) or json (one object per line, for log collectors).",
            ], [
                Setting("LOG_FORMAT", "text"),
            ]),
        ]),
        Section("Queue and retries", [
            Group([
                "Downloads running at once (Transmission-like queue: priority class, then position).",
            ], [
                Setting("DOWNLOAD_CONCURRENCY", "1"),
            ]),
            Group([
                "Dubbing jobs running at once.",
            ], [
                Setting("DUBBING_CONCURRENCY", "2"),
            ]),
            Group([
                "Muxing jobs running at once.",
            ], [
                Setting("MUXING_CONCURRENCY", "1"),
            ]),
            Group([
                "Transcodes (processing profiles) running at once; downloads never wait for them.",
            ], [
                Setting("PROCESSING_CONCURRENCY", "1"),
            ]),
            Group([
                "Checks of followed sources (channels, playlists, feeds) running at once.",
            ], [
                Setting("SYNC_CONCURRENCY", "1"),
            ]),
            Group([
                "How often a source's Atom feed is polled for new videos between full checks (0 turns it off).",
            ], [
                Setting("FAST_CHECK_INTERVAL", "10m"),
            ]),
            Group([
                "Listings and feed polls per site and hour; further checks of that site wait.",
            ], [
                Setting("SITE_LOOKUPS_PER_HOUR", "150"),
            ]),
            Group([
                "Pause after a site answers 429 or \"confirm you're not a bot\"; doubled while refusals follow.",
            ], [
                Setting("SITE_COOLDOWN", "30m"),
            ]),
            Group([
                "Random pause in seconds before each download of a followed source's video (MIN-MAX; 0 turns it off).",
            ], [
                Setting("SITE_DOWNLOAD_SLEEP", "5-10"),
            ]),
            Group([
                "Automatic retries of a failed stage after the first attempt.",
            ], [
                Setting("MAX_RETRIES", "3"),
            ]),
            Group([
                "Delay before the first retry; doubled for each further retry.",
            ], [
                Setting("RETRY_BASE_DELAY", "2s"),
            ]),
            Group([
                "A download with no progress for this long is restarted ...",
            ], [
                Setting("STALL_TIMEOUT", "120s"),
            ]),
            Group([
                "... at most this many times, then it fails.",
            ], [
                Setting("STALL_RESTARTS", "1"),
            ]),
            Group([
                "Bandwidth limit per download in yt-dlp syntax (e.g. 5M); unset means unlimited.",
            ], [
                Example("DOWNLOAD_RATE_LIMIT", ""),
            ]),
            Group([
                "A URL that serves a plain video or audio file (a media type, a known length) is downloaded natively,",
                "without yt-dlp: over several connections and resumable where the server takes byte ranges, else in",
                "one stream; pages and everything else still use yt-dlp.",
            ], [
                Setting("DIRECT_DOWNLOAD", "true"),
            ]),
            Group([
                "Connections per host of such a download (1-16); files under 20 MiB use one.",
            ], [
                Setting("DIRECT_CONNECTIONS", "4"),
            ]),
        ]),
        Section("Media tools", [
            Group([
                "yt-dlp executable (scripts/run.sh puts the venv's yt-dlp first on PATH).",
            ], [
                Setting("YTDLP_PATH", "yt-dlp"),
            ]),
            Group([
                "Python that can import yt_dlp, for the warm start (default: the interpreter of YTDLP_PATH's shebang).",
            ], [
                Example("YTDLP_PYTHON", "./.venv/bin/python"),
            ]),
            Group([
                "How a download's yt-dlp starts: fork (a fork server that imported yt-dlp once forks a child per",
                "download), spare (one pre-started process), or cold (a plain yt-dlp each time, ~1.3 s slower).",
            ], [
                Setting("YTDLP_START", "fork"),
            ]),
            Group([
                "How long checking a custom format expression with yt-dlp's parser may take when a job is added;",
                "past it the job is accepted unchecked (a log line says so).",
            ], [
                Setting("FORMAT_CHECK_TIMEOUT", "6s"),
            ]),
            Group([
                "The older switch of the warm start: false means YTDLP_START=cold.",
            ], [
                Example("YTDLP_WARM", "true"),
            ]),
            Group([
                "Stop the fork server after this long unused; it starts on first use (the web UI, a download that needs yt-dlp). 0 = start it with the server and never stop it.",
            ], [
                Setting("YTDLP_IDLE_STOP", "10m"),
            ]),
            Group([
                "Extra arguments for every yt-dlp run, space separated (e.g. --cookies /path/cookies.txt).",
            ], [
                Example("YTDLP_EXTRA_ARGS", ""),
            ]),
            Group([
                "ffmpeg and ffprobe executables.",
            ], [
                Setting("FFMPEG_PATH", "ffmpeg"),
                Setting("FFPROBE_PATH", "ffprobe"),
            ]),
            Group([
                "Container of finished files unless a job asks otherwise: mkv or mp4.",
            ], [
                Setting("DEFAULT_CONTAINER", "mkv"),
            ]),
            Group([
                "Voice-over language (ISO 639-1) for dubbing jobs that do not name one.",
            ], [
                Setting("TARGET_LANG", "ru"),
            ]),
        ]),
        Section("Processing (transcode and compress)", [
            Group([
                "CPU niceness of transcodes, 0-19: higher leaves more of the CPU to downloads and the web UI.",
            ], [
                Setting("PROCESSING_NICE", "10"),
            ]),
            Group([
                "Time each hardware encoder's test encode may take at start and on `POST /api/hw/detect`.",
            ], [
                Setting("HW_PROBE_TIMEOUT", "10s"),
            ]),
            Group([
                "Seconds of video a profile's quality score (ssim, psnr, vmaf) is measured on.",
            ], [
                Setting("QUALITY_SAMPLE_SECONDS", "30"),
            ]),
        ]),
        Section("Object storage (S3, MinIO, any S3-compatible service)", [
            Group([
                "S3_BUCKET makes the storage target `s3`; jobs, download profiles or STORAGE_TARGET name it, and",
                "their finished files (with the side files beside them) are uploaded there after the last stage.",
            ], [
                Example("S3_BUCKET", "videos"),
            ]),
            Group([
                "Service URL; leave unset for AWS (https://s3.<region>.amazonaws.com). MinIO: http://minio:9000.",
            ], [
                Example("S3_ENDPOINT", "http://127.0.0.1:9000"),
                Example("S3_REGION", "us-east-1"),
            ]),
            Group([
                "Key prefix inside the bucket, e.g. spool/ (the library's relative paths follow it).",
            ], [
                Example("S3_PREFIX", ""),
            ]),
            Group([
                "Path-style URLs (endpoint/bucket/key): the default when S3_ENDPOINT is set; false for bucket.endpoint/key.",
            ], [
                Example("S3_PATH_STYLE", "true"),
            ]),
            Group([
                "Credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are used when these are unset).",
            ], [
                Example("S3_ACCESS_KEY_ID", ""),
                Example("S3_SECRET_ACCESS_KEY", ""),
                Example("S3_SESSION_TOKEN", ""),
                Example("AWS_ACCESS_KEY_ID", ""),
                Example("AWS_SECRET_ACCESS_KEY", ""),
            ]),
            Group([
                "The endpoint presigned links name, when browsers reach the bucket at another address than Spool.",
            ], [
                Example("S3_PUBLIC_ENDPOINT", "https://media.example.org"),
            ]),
            Group([
                "Keep the library's copy after a verified upload (default false: the local copy is removed).",
            ], [
                Example("S3_KEEP_LOCAL", "false"),
            ]),
            Group([
                "More targets: S3_TARGETS=archive,backup, each from S3_ARCHIVE_BUCKET, S3_ARCHIVE_PREFIX, … (the",
                "same variables with the target's name after S3_), falling back to the plain S3_* values.",
            ], [
                Example("S3_TARGETS", ""),
            ]),
            Group([
                "The target of jobs that name none: local (the library, the default) or a target's name.",
            ], [
                Setting("STORAGE_TARGET", "local"),
            ]),
            Group([
                "Jobs uploading at once; the part size of multipart uploads (files above 64 MiB) and the parts",
                "of one file in flight at once.",
            ], [
                Setting("UPLOAD_CONCURRENCY", "2"),
                Setting("S3_PART_SIZE", "16MiB"),
                Setting("S3_UPLOAD_PARALLELISM", "4"),
            ]),
        ]),
        Section("Dubbing (voice-over track)", [
            Group([
                "Engine for dubbing jobs that do not name one: yandex (Yandex voice-over translation, online),",
                "tts (offline: subtitles spoken with espeak-ng or piper) or openai (OpenAI-compatible endpoints).",
            ], [
                Setting("DUBBING_PROVIDER", "yandex"),
            ]),
            Group([
                "Gain of the original audio while the voice-over speaks, 0 (silent) to 1 (not ducked); 0.3 ≈ -10 dB.",
            ], [
                Setting("DUCKING_LEVEL", "0.3"),
            ]),
            Group([
                "Integrated loudness of the voice-over track (EBU R128), in LUFS.",
            ], [
                Setting("NORMALIZATION_LUFS", "-18.0"),
            ]),
            Group([
                "tts engine: espeak-ng program, speaking rate, piper program and voices (lang=model.onnx pairs;",
                "piper speaks those languages, espeak-ng every other), and how much a phrase may be sped up.",
            ], [
                Example("ESPEAK_PATH", "espeak-ng"),
                Example("TTS_WORDS_PER_MINUTE", "175"),
                Example("PIPER_PATH", "piper"),
                Example("PIPER_MODELS", "en=/voices/en_US-joe-medium.onnx"),
                Example("TTS_MAX_TEMPO", "1.5"),
            ]),
            Group([
                "openai engine (offered only when OPENAI_BASE_URL is set): any OpenAI-compatible server.",
            ], [
                Example("OPENAI_BASE_URL", "https://api.openai.com/v1"),
                Example("OPENAI_API_KEY", ""),
                Example("OPENAI_TRANSCRIPTION_MODEL", "whisper-1"),
                Example("OPENAI_CHAT_MODEL", "gpt-4o-mini"),
                Example("OPENAI_SPEECH_MODEL", "tts-1"),
                Example("OPENAI_VOICE", "alloy"),
                Example("OPENAI_TIMEOUT", "300s"),
            ]),
            Group([
                "yandex engine: API host (or a vot-worker proxy with YANDEX_VOT_PROXY=true), seconds per call,",
                "total seconds to wait for a translation, and an optional Yandex OAuth token (lively voices).",
            ], [
                Example("YANDEX_VOT_HOST", "api.browser.yandex.ru"),
                Example("YANDEX_VOT_PROXY", "false"),
                Example("YANDEX_VOT_TIMEOUT", "15"),
                Example("YANDEX_VOT_MAX_WAIT", "1800"),
                Example("YANDEX_OAUTH_TOKEN", ""),
            ]),
        ]),
        Section("Distributed mode (spool gateway / spool worker; see README \"Scaling out\")", [
            Group([
                "Both set: Redis carries queues and events, PostgreSQL holds jobs (spool serve uses them too).",
            ], [
                Example("REDIS_URL", "redis://:password@127.0.0.1:6379/0"),
                Example("DATABASE_URL", "postgres://spool:password@127.0.0.1:5432/spool"),
            ]),
            Group([
                "rediss://… uses TLS; the server's certificate is checked against the system's authorities or",
                "this PEM file. PostgreSQL: add ?sslmode=verify-full&sslrootcert=/path/ca.pem to DATABASE_URL.",
            ], [
                Example("REDIS_TLS_CA_FILE", ""),
            ]),
            Group([
                "Prefix of Spool's Redis keys (to share one Redis).",
            ], [
                Example("REDIS_KEY_PREFIX", "spool:"),
            ]),
            Group([
                "A worker's /health port (seed: 8001 download, 8002 dub, 8003 mux).",
            ], [
                Example("HEALTH_PORT", "8001"),
            ]),
            Group([
                "On SIGTERM a worker stops claiming and lets running stages finish this long, then hands them back.",
            ], [
                Example("SHUTDOWN_TIMEOUT", "30s"),
            ]),
            Group([
                "A worker's name in leases and heartbeats (stable across restarts: its old leases are released at start).",
            ], [
                Example("WORKER_ID", ""),
            ]),
            Group([
                "A claimed job stays with a silent worker this long before another takes it.",
            ], [
                Example("LEASE_DURATION", "30s"),
            ]),
        ]),
        Section("Security", [
            Group([
                "Password of the first admin user, created on first start. Unset: a random one is generated and",
                "printed once in the log.",
            ], [
                Example("SPOOL_ADMIN_PASSWORD", ""),
            ]),
            Group([
                "Lifetime of a login session token (API tokens made with `spool token create` do not expire).",
            ], [
                Setting("SESSION_TTL", "7d"),
            ]),
            Group([
                "bcrypt cost of password hashes (4 … 16).",
            ], [
                Setting("BCRYPT_COST", "10"),
            ]),
            Group([
                "Failed logins allowed, as count/duration (10/1m, 30/10m, 100/1h): per client address over all user",
                "names, and per user name at one address. A right password does not count; once a budget is spent",
                "the login answers 429 with Retry-After. Behind a reverse proxy list it in TRUSTED_PROXIES, else all",
                "clients share the proxy's address. 0 = no limit.",
            ], [
                Setting("LOGIN_FAILURES_PER_ADDRESS", "30/10m"),
                Setting("LOGIN_FAILURES_PER_USER", "10/1m"),
            ]),
            Group([
                "true lets anyone scrape /metrics without a token.",
            ], [
                Setting("METRICS_PUBLIC", "false"),
            ]),
            Group([
                "Host names (besides localhost, IP addresses and HOST) under which Transmission remotes may reach",
                "/transmission/rpc: comma-separated, * wildcards (*.example.com); a lone * allows any (DNS-rebinding guard).",
            ], [
                Example("TRANSMISSION_HOST_WHITELIST", ""),
            ]),
        ]),
        Section("Network edge: TLS, timeouts, connections, allowed hosts and origins, proxies", [
            Group([
                "Serve HTTPS: a PEM certificate (chain) and its unencrypted PEM key; both or neither. A missing,",
                "unreadable or mismatched file stops the start with the reason.",
            ], [
                Example("TLS_CERT_FILE", ""),
                Example("TLS_KEY_FILE", ""),
            ]),
            Group([
                "Time for the first request head of a connection (slow or silent clients are dropped; 0 = no limit).",
            ], [
                Setting("HTTP_HEADER_TIMEOUT", "10s"),
            ]),
            Group([
                "Idle time between requests on a kept-alive connection and between reads of a request body",
                "(0 = no limit); WebSocket, SSE and Socket.IO streams are not cut by it.",
            ], [
                Setting("HTTP_IDLE_TIMEOUT", "60s"),
            ]),
            Group([
                "Connections served at once; further ones wait to be accepted (0 = no limit).",
            ], [
                Setting("HTTP_MAX_CONNECTIONS", "1024"),
            ]),
            Group([
                "Names the Host header may carry, besides localhost and IP addresses: comma-separated, * wildcards",
                "(spool.example.com,*.lan). Against DNS rebinding; unset: any Host is served (as before), so set it",
                "when Spool is reached by name. Also allowed on /transmission/rpc.",
            ], [
                Example("ALLOWED_HOSTS", ""),
            ]),
            Group([
                "Origins a browser may call the API from (CORS): comma-separated (https://app.example.com), * for",
                "any; unset sends no CORS headers (the web UI is same-origin and needs none).",
            ], [
                Example("CORS_ALLOWED_ORIGINS", ""),
            ]),
            Group([
                "Reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For names the client",
                "for login throttling, the audit log and logs; from other peers the header is ignored and the peer is the client.",
            ], [
                Example("TRUSTED_PROXIES", "127.0.0.1,::1"),
            ]),
        ]),
        Section("Tracing (OpenTelemetry)", [
            Group([
                "Send a span for every API request and every stage of a job to an OpenTelemetry collector over",
                "OTLP/HTTP (JSON): the collector's base URL (/v1/traces is appended), or the full traces URL.",
                "Unset: no tracing, at no cost.",
            ], [
                Example("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
                Example("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces"),
            ]),
            Group([
                "The service.name of the spans; headers sent to the collector (key=value pairs, comma-separated).",
            ], [
                Setting("OTEL_SERVICE_NAME", "spool"),
                Example("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20secret"),
            ]),
        ]),
        Section("Command line client (`spool add`, `ls`, `watch`, …)", [
            Group([
                "Server the CLI talks to, and its token (else the one saved by `spool login`).",
            ], [
                Example("SPOOL_SERVER", "http://127.0.0.1:3000"),
                Example("SPOOL_TOKEN", ""),
            ]),
            Group([
                "PEM file of the authority that signed an https server's certificate (like --cacert).",
            ], [
                Example("SPOOL_CA_FILE", ""),
            ]),
        ]),
    ]
}
